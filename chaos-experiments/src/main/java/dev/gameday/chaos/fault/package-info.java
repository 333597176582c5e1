/**
 * The fault-injection port: {@link dev.gameday.chaos.fault.FaultInjector} starts a
 * {@link dev.gameday.chaos.validation.ValidatedExperiment} and returns a
 * {@link dev.gameday.chaos.fault.RunningExperiment}; {@link dev.gameday.chaos.fault.FaultTarget} is a
 * target with such an injector. AWS FIS implements it on {@code aws}, the local platform on {@code local}.
 */
package dev.gameday.chaos.fault;
