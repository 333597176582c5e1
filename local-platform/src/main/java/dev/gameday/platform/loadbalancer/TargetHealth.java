package dev.gameday.platform.loadbalancer;

/** A registered target's health state, as ALB names them. */
public enum TargetHealth {
    /** Registered, not yet through enough health checks to tell. */
    INITIAL,
    HEALTHY,
    UNHEALTHY,
    /** Deregistered: no new requests, in-flight ones finish (up to the deregistration delay). */
    DRAINING
}
