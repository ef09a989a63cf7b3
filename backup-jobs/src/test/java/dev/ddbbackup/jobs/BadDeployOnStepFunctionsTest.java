package dev.ddbbackup.jobs;

import static dev.ddbbackup.jobs.FanOutMachineOnThisHost.args;
import static dev.ddbbackup.revert.BadDeploy.renderAll;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbbackup.cli.Main;
import dev.ddbbackup.revert.BadDeploy;
import dev.ddbbackup.testing.Cli;
import dev.ddbbackup.testing.LocalServers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code revert --on-step-functions} and {@code changes --on-step-functions} on the bad-deploy model
 * ({@link BadDeploy}), from the command line to the end: the restore state machine's definition run
 * by aws-local-stepfunctions, its tasks the jobs' Lambda package under the runtime interface client
 * (the restore worker serves reverts and changes listings), against S3Mock and DynamoDB Local. The
 * fanned-out dry run plans what the revert on this machine plans; the revert leaves the table equal
 * to the model and lists the same conflicts; a problem in the backup stops it after the check
 * execution, before any write. The changes listing printed, for people and as JSON, is the one
 * {@code changes} prints on this machine.
 */
class BadDeployOnStepFunctionsTest {

    private static final List<String> COUNTS = List.of("puts", "deletes", "alreadyAtFrom");

    @TempDir
    Path work;

    final S3Client s3 = LocalServers.s3();
    final String id = UUID.randomUUID().toString().substring(0, 8);
    final String workBucket = "rev-work-" + id;

    @BeforeAll
    static void setUp() throws Exception {
        Assumptions.assumeTrue(LocalStateMachine.node().isPresent(),
                "Node.js and npm are not installed: the state machine is not executed locally");
        LocalStateMachine.install();
    }

    @Test
    void aRevertOnStepFunctionsEqualsTheRevertOnThisMachineAndChecksEverySegmentBeforeItWrites() throws Exception {
        s3.createBucket(b -> b.bucket(workBucket));
        BadDeploy model = BadDeploy.create(LocalServers.dynamoDb(), s3, "RevFan" + id, "rev-fan-" + id, 30).deploy();
        BadDeploy broken = BadDeploy.create(LocalServers.dynamoDb(), s3, "RevBroken" + id, "rev-broken-" + id, 6);
        broken.corruptFirstItemAndLoseItsVersionAtFrom();
        Map<String, String> before = broken.table();

        Cli.Run local = model.cli("revert", "--in-place", "--dry-run", "--json");
        assertThat(local.exit).as(local.toString()).isEqualTo(1);
        JsonNode plan = local.json();
        try (FanOutMachineOnThisHost stack = new FanOutMachineOnThisHost(work, workBucket, "restore")) {
            JobSandbox worker = stack.worker;
            List<String> fanOut = new ArrayList<>(stack.options(3));
            fanOut.add("--json");

            // The fanned-out dry run plans what the local one plans, and writes nothing.
            Cli.Run dryRun = model.cli(args(fanOut, "revert", "--in-place", "--dry-run"));
            assertThat(dryRun.exit).as("%s\nworker:\n%s", dryRun, worker.output()).isEqualTo(1);
            JsonNode planned = dryRun.json();
            assertThat(planned.path("ok").asBoolean()).isTrue();
            assertThat(planned.path("partitionsDone").asInt()).isEqualTo(256);
            for (String field : COUNTS) {
                assertThat(planned.path("counts").path(field).asLong()).as(field).isEqualTo(plan.path(field).asLong());
            }
            assertThat(keys(planned.path("counts").path("leftOut"))).isEqualTo(keys(plan.path("leftOut")));
            assertThat(model.table()).isEqualTo(renderAll(model.live));
            assertThat(executions("revert-")).hasSize(1);

            // The revert: a check execution, then the writing one; the table is the model's, the conflicts listed.
            Cli.Run revert = model.cli(args(fanOut, "revert", "--in-place"));
            assertThat(revert.exit).as("%s\nworker:\n%s", revert, worker.output()).isEqualTo(1);
            JsonNode done = revert.json();
            assertThat(done.path("ok").asBoolean()).isTrue();
            assertThat(done.path("counts").path("dryRun").asBoolean()).isFalse();
            for (String field : List.of("puts", "deletes")) {
                assertThat(done.path("counts").path(field).asLong()).as(field).isEqualTo(plan.path(field).asLong());
            }
            assertThat(keys(done.path("counts").path("leftOut"))).isEqualTo(model.conflicts());
            done.path("counts").path("leftOut").forEach(l -> assertThat(l.path("reason").asText())
                    .isEqualTo("changed-after"));
            assertThat(model.table()).isEqualTo(renderAll(model.expected));
            assertThat(executions("revert-check-")).hasSize(1);
            assertThat(executions("revert-")).hasSize(3);

            // A problem in the backup: the check lists it, no writing execution starts, nothing is written.
            Cli.Run stopped = broken.cli(args(fanOut, "revert", "--in-place"));
            assertThat(stopped.exit).as("%s\nworker:\n%s", stopped, worker.output()).isEqualTo(1);
            assertThat(stopped.json().path("counts").path("problems").get(0).path("kind").asText())
                    .isEqualTo("missing-version");
            assertThat(stopped.err).contains("nothing was written");
            assertThat(broken.table()).isEqualTo(before);
            assertThat(executions("revert-RevBroken")).isEmpty();
            assertThat(executions("revert-check-RevBroken")).hasSize(1);

            // A state machine that is not there is a usage error (exit 2), before anything starts.
            List<String> missing = new ArrayList<>(fanOut);
            missing.set(1, stack.arn + "-missing");
            assertThat(model.cli(args(missing, "revert", "--in-place")).exit).isEqualTo(Main.EXIT_USAGE);
        }
    }

    @Test
    void aListingOnStepFunctionsPrintsWhatTheListingOnThisMachinePrints() throws Exception {
        s3.createBucket(b -> b.bucket(workBucket));
        BadDeploy model = BadDeploy.create(LocalServers.dynamoDb(), s3, "ChgFan" + id, "chg-fan-" + id, 30).deploy();
        Cli.Run localText = model.cli("changes");
        Cli.Run localJson = model.cli("changes", "--json");
        assertThat(localText.exit).as(localText.toString()).isZero();
        assertThat(localJson.json().path("items").asInt()).isGreaterThan(3);
        try (FanOutMachineOnThisHost stack = new FanOutMachineOnThisHost(work, workBucket, "restore")) {
            JobSandbox worker = stack.worker;
            List<String> fanOut = stack.options(3);

            // The same listing, item for item and word for word, but for what reading cost: the
            // workers' requests summed (each reads the window's change logs), so only that differs.
            Cli.Run text = model.cli(args(fanOut, "changes"));
            assertThat(text.exit).as("%s\nworker:\n%s", text, worker.output()).isZero();
            assertThat(withoutCost(text.out)).isEqualTo(withoutCost(localText.out));

            Cli.Run json = model.cli(args(fanOut, "changes", "--json"));
            assertThat(json.exit).as("%s\nworker:\n%s", json, worker.output()).isZero();
            ObjectNode fanned = (ObjectNode) json.json();
            ObjectNode local = (ObjectNode) localJson.json();
            // Each item's versions are listed by the one worker that holds its partition.
            assertThat(fanned.path("versionsListed").asLong()).isEqualTo(local.path("versionsListed").asLong());
            assertThat(fanned.path("changeLogObjects").asLong()).isGreaterThanOrEqualTo(
                    local.path("changeLogObjects").asLong());
            for (ObjectNode o : List.of(fanned, local)) {
                o.put("readFrom", withoutCost(o.path("readFrom").asText())).remove("changeLogObjects");
            }
            assertThat(fanned).isEqualTo(local);
        }
    }

    /** {@code text} without the sentence saying what reading cost ("Read N change logs, ..."). */
    private static String withoutCost(String text) {
        return text.replaceAll("Read \\d+ change logs[^\\n]*?HEADs\\)(, \\d+ checkpoint files \\(\\d+ entries\\))?", "Read ...");
    }

    private static Set<String> keys(JsonNode leftOut) {
        Set<String> keys = new TreeSet<>();
        leftOut.forEach(l -> keys.add(l.path("key").asText()));
        return keys;
    }

    /** The executions whose name starts with {@code prefix}, by their folders in the job bucket. */
    private Set<String> executions(String prefix) {
        Set<String> names = new TreeSet<>();
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(workBucket).prefix("jobs/" + prefix)).contents()) {
            names.add(o.key().split("/")[1]);
        }
        return names;
    }
}
