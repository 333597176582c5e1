package dev.gameday.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line's answers to good and bad input, in-process; nothing here plays a game day. */
class GamedayCommandTest {

    @RegisterExtension
    final CapturedConsole console = new CapturedConsole();

    @TempDir
    Path tmp;

    @BeforeEach
    void home() {
        // The project root is the module's parent folder when Maven runs the tests.
        System.setProperty("gameday.home", Path.of("..").toAbsolutePath().normalize().toString());
    }

    private String stdout() {
        return console.stdout();
    }

    private String stderr() {
        return console.stderr();
    }

    @Test
    void helpListsTheCommands() {
        assertThat(GamedayCommand.execute("--help")).isZero();
        assertThat(stdout()).contains("run", "validate", "list");
    }

    @Test
    void anUnknownGameDayExits2NamingWhatIsKnownAndStartsNothing() {
        Path runs = tmp.resolve("runs");

        int code = GamedayCommand.execute("run", "no-such-gameday", "--out", runs.toString());

        assertThat(code).isEqualTo(2);
        assertThat(stderr()).contains("no-such-gameday.yaml", "no game day named 'no-such-gameday'", "smoke", "nothing was started");
        assertThat(runs).doesNotExist();
    }

    @Test
    void aDefinitionWithAMissingFieldExits2NamingFileLineAndField() throws IOException {
        Path file = tmp.resolve("broken.yaml");
        Files.writeString(file, """
                name: broken
                description: misses its load rate
                load:
                  shoppers: 3
                phases:
                  steady: 10s
                slos:
                  - name: x
                """);
        Path runs = tmp.resolve("runs");

        int code = GamedayCommand.execute("run", file.toString(), "--out", runs.toString());

        assertThat(code).isEqualTo(2);
        assertThat(stderr()).contains(file + ":4: load: missing required field 'usersPerSecond'");
        assertThat(runs).doesNotExist();
    }

    @Test
    void aBadSloIsRefusedBeforeAnythingStarts() throws IOException {
        Path file = tmp.resolve("bad-slo.yaml");
        Files.writeString(file, """
                name: bad-slo
                description: an SLO without an objective
                load:
                  usersPerSecond: 1
                phases:
                  steady: 10s
                slos:
                  - name: availability
                    kind: ratio
                    good:  { namespace: Gameday/Client, metric: OkCount }
                    valid: { namespace: Gameday/Client, metric: RequestCount }
                    window: steady
                """);

        int code = GamedayCommand.execute("run", file.toString(), "--out", tmp.resolve("runs").toString());

        assertThat(code).isEqualTo(2);
        assertThat(stderr()).contains(file.toString(), "slos[0]", "objective");
        assertThat(tmp.resolve("runs")).doesNotExist();
    }

    @Test
    void validateAcceptsEverythingTheProjectShips() {
        int code = GamedayCommand.execute("validate");

        assertThat(code).as(stdout()).isZero();
        assertThat(stdout()).contains("smoke.yaml (game day)", "ecs-stop-task.json (experiment template; parameters: cluster, service)", " 0 invalid");
    }

    @Test
    void validateNamesTheProblemAndExits2() throws IOException {
        Path file = tmp.resolve("typo.yaml");
        Files.writeString(file, "name: typo\ndescription: x\nload: {usersPerSecond: 1}\nphases: {steady: 10s, stedy: 5s}\nslos: [{name: a}]\n");

        int code = GamedayCommand.execute("validate", file.toString());

        assertThat(code).isEqualTo(2);
        assertThat(stdout()).contains(file + ":4: phases.stedy: unknown field 'stedy'");
    }

    @Test
    void listShowsGameDaysTemplatesAndSloSets() {
        assertThat(GamedayCommand.execute("list")).isZero();
        assertThat(stdout()).contains("smoke", "task-kill", "A one-minute game day", "az-power-interruption",
                "shop ", "shopper-availability");
    }

    @Test
    void setOverridesAreValidatedLikeTheFile() {
        int code = GamedayCommand.execute("run", "smoke", "--set", "load.usersPerSecond=-3",
                "--out", tmp.resolve("runs").toString());

        assertThat(code).isEqualTo(2);
        assertThat(stderr()).contains("smoke.yaml", "load.usersPerSecond: must be greater than 0, was -3");
        assertThat(tmp.resolve("runs")).doesNotExist();
    }

    @Test
    void aGameDayMayNameASharedSloSet() throws IOException {
        Path file = tmp.resolve("shared.yaml");
        Files.writeString(file, "name: shared\ndescription: uses the shop's SLO set\nload: {usersPerSecond: 1}\n"
                + "phases: {steady: 10s, fault: 5s, recovery: 5s}\nslos: shop\n");
        Path unknown = tmp.resolve("unknown.yaml");
        Files.writeString(unknown, "name: unknown\ndescription: names a set that is not there\nload: {usersPerSecond: 1}\n"
                + "phases: {steady: 10s}\nslos: nope\n");

        int code = GamedayCommand.execute("validate", file.toString(), unknown.toString());

        assertThat(code).isEqualTo(2);
        assertThat(stdout()).contains("valid    " + file, unknown + ":5: slos: no SLO file 'nope'");
    }

    /** A template FIS accepts whose one action the local platform has no effect for. */
    static final String AWS_ONLY = """
            {"description": "Stop the shop's EC2 instances for two minutes",
             "targets": {"hosts": {"resourceType": "aws:ec2:instance",
                                   "resourceTags": {"Service": "${service}", "Cluster": "${cluster}"}, "selectionMode": "ALL"}},
             "actions": {"stop": {"actionId": "aws:ec2:stop-instances",
                                  "parameters": {"startInstancesAfterDuration": "PT2M"}, "targets": {"Instances": "hosts"}}},
             "stopConditions": [{"source": "none"}]}
            """;

    @Test
    void validateChecksAFolderOneLinePerFileWithATotal() throws IOException {
        Path library = Files.createDirectories(tmp.resolve("library"));
        Files.copy(Path.of("..", "chaos-experiments", "templates", "ecs-stop-task.json"), library.resolve("a-stop-task.json"));
        Files.writeString(library.resolve("b-stop-instances.json"), AWS_ONLY);
        Files.writeString(library.resolve("c-for-people.json"), """
                {"description": "Stop <n> tasks of the cluster",
                 "targets": {"tasks": {"resourceType": "aws:ecs:task",
                                       "resourceArns": ["arn:aws:ecs:eu-west-1:<YOUR AWS ACCOUNT>:task/shop/1"]}},
                 "actions": {"stop": {"actionId": "aws:ecs:stop-task", "targets": {"Tasks": "tasks"}}},
                 "stopConditions": [{"source": "none"}],
                 "roleArn": "arn:aws:iam::<YOUR AWS ACCOUNT>:role/fis"}
                """);
        Files.writeString(Files.createDirectories(library.resolve("team-b")).resolve("d-typo.json"),
                AWS_ONLY.replace("startInstancesAfterDuration", "startAfterDuration"));
        Files.writeString(library.resolve("README.md"), "not a template");

        int code = GamedayCommand.execute("validate", library.toString());

        assertThat(code).isEqualTo(2);
        List<String> fileLines = stdout().lines().filter(l -> !l.startsWith(" ")).toList();
        assertThat(fileLines).hasSize(5);
        assertThat(fileLines.subList(0, 3)).containsExactly(
                "valid    " + library.resolve("a-stop-task.json") + " (experiment template; parameters: cluster, service)",
                "valid    " + library.resolve("b-stop-instances.json") + " (experiment template, plays on AWS only; parameters: cluster, service)",
                "valid    " + library.resolve("c-for-people.json") + " (experiment template)");
        assertThat(fileLines.get(3)).startsWith("INVALID  " + library.resolve("team-b/d-typo.json")
                + ": $.actions.stop.parameters.startAfterDuration: unknown parameter 'startAfterDuration' for action"
                + " 'aws:ec2:stop-instances' (it takes: startInstancesAfterDuration,");
        assertThat(fileLines.get(4)).isEqualTo("3 valid (1 on AWS only), 1 invalid");
        assertThat(stdout()).contains(
                "         plays on AWS only: aws:ec2:stop-instances (action 'stop'): the local platform has no effect for it",
                "         to fill: $.targets.tasks.resourceArns[0]: <YOUR AWS ACCOUNT> (plan and run need it filled)",
                "         to fill: $.roleArn: <YOUR AWS ACCOUNT> (plan and run need it filled)");
    }

    @Test
    void validateExitsZeroForAFolderOfValidTemplatesAwsOnlyOnesIncluded() throws IOException {
        Path library = Files.createDirectories(tmp.resolve("library"));
        Files.writeString(library.resolve("stop-instances.json"), AWS_ONLY);

        assertThat(GamedayCommand.execute("validate", library.toString())).isZero();
        assertThat(stdout()).contains("1 valid (1 on AWS only), 0 invalid");
    }

    @Test
    void planOnTheLocalTargetRefusesAnAwsOnlyTemplateBeforeAnythingStarts() throws IOException {
        Files.writeString(tmp.resolve("stop-instances.json"), AWS_ONLY);
        Path gameDay = tmp.resolve("lossy.yaml");
        Files.writeString(gameDay, "name: lossy\ndescription: instances stopped\nload: {usersPerSecond: 1}\n"
                + "phases: {steady: 10s, fault: 5s, recovery: 5s}\nslos: shop\n"
                + "experiment: {template: stop-instances.json, startAt: fault}\n");

        for (String command : new String[] {"plan", "run"}) {
            int code = command.equals("plan")
                    ? GamedayCommand.execute("plan", gameDay.toString(), "--target", "local")
                    : GamedayCommand.execute("run", gameDay.toString(), "--target", "local", "--out", tmp.resolve("runs").toString());

            assertThat(code).as(command).isEqualTo(2);
            assertThat(stderr()).as(command).contains("experiment stop-instances cannot run on the local target: plays on AWS only:"
                    + " aws:ec2:stop-instances (action 'stop'): the local platform has no effect for it;"
                    + " local alternative: none");
            assertThat(stdout()).as(command).doesNotContain("opening the target");
        }
        assertThat(tmp.resolve("runs")).doesNotExist();
    }
}
