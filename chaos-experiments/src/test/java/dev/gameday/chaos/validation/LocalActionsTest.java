package dev.gameday.chaos.validation;

import dev.gameday.chaos.actions.FisCatalogue;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LocalActionsTest {

    @Test
    void everyActionTheLocalPlatformPlaysIsOneFisHas() {
        assertThat(LocalActions.PLAYED).allSatisfy(id -> assertThat(FisCatalogue.standard().action(id)).as(id).isPresent());
    }

    @Test
    void anAlternativeIsAnActionTheLocalPlatformPlaysForOneItDoesNot() {
        for (var action : FisCatalogue.standard().actions()) {
            String alternative = LocalActions.alternative(action.id());
            if (!alternative.equals("none")) {
                assertThat(LocalActions.PLAYED).as(action.id()).doesNotContain(action.id());
                assertThat(LocalActions.PLAYED).as(action.id()).contains(alternative.split(" ")[0]);
            }
        }
        assertThat(LocalActions.alternative("aws:ec2:stop-instances")).isEqualTo("none");
        assertThat(LocalActions.alternative("aws:eks:pod-network-packet-loss")).startsWith("aws:ecs:task-network-packet-loss");
    }

    @Test
    void theGrayFailureAndZonalShiftActionsPlayLocally() {
        assertThat(LocalActions.PLAYED).contains("aws:ecs:task-network-packet-loss", "aws:ecs:task-network-blackhole-port",
                "aws:ecs:task-kill-process", "aws:ecs:task-io-stress", "aws:arc:start-zonal-autoshift");
    }
}
