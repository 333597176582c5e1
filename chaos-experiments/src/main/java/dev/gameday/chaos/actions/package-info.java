/**
 * What AWS FIS knows: every action of the FIS actions reference and every target resource type,
 * read from {@code fis-actions.json} ({@link dev.gameday.chaos.actions.FisCatalogue}). The
 * validator uses it to tell a template FIS would refuse from one only the local platform cannot play.
 */
package dev.gameday.chaos.actions;
