package dev.ddbbackup.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The template's checkpoints, retention and Object Lock: the scheduled checkpoint function and its
 * least-privilege role, the lifecycle ages derived from RetentionDays (with the margins
 * docs/RESTORE.md explains), Object Lock with RetentionDays as default retention, and the bucket
 * policy that leaves destroying history to the admin role. cfn-lint checks CloudFormation validity.
 */
class RetentionTemplateTest extends TemplateSuite {

    private static final Path MAKEFILE = Path.of("..", "Makefile");
    private static final Path JOBS_SOURCES = Path.of("..", "backup-jobs", "src", "main", "java");

    @Test
    void historyIsKeptForeverAndUnlockedByDefault() {
        JsonNode p = template.path("Parameters");
        assertThat(p.path("RetentionDays").path("Default").asInt()).isZero();
        assertThat(p.path("ObjectLockMode").path("Default").asText()).isEqualTo("none");
        assertThat(p.path("ObjectLockMode").path("AllowedValues").toString()).isEqualTo("[\"none\",\"GOVERNANCE\",\"COMPLIANCE\"]");
        assertThat(p.path("BackupAdminRoleArn").path("Default").asText()).isEmpty();
        JsonNode bucket = resources.path("BackupBucket").path("Properties");
        assertThat(bucket.path("LifecycleConfiguration").path("Fn::If").get(0).asText()).isEqualTo("HasRetention");
        assertThat(bucket.path("LifecycleConfiguration").path("Fn::If").get(2).path("Ref").asText()).isEqualTo("AWS::NoValue");
        assertThat(bucket.path("ObjectLockConfiguration").path("Fn::If").get(0).asText()).isEqualTo("ObjectLockOn");
        assertThat(template.path("Conditions").path("HasRetention").toString()).contains("RetentionDays").contains("0");
    }

    @Test
    void everyRetentionValueHasItsLifecycleAgesWithTheMarginsRestoresNeed() {
        JsonNode allowed = template.path("Parameters").path("RetentionDays").path("AllowedValues");
        JsonNode map = template.path("Mappings").path("Retention");
        assertThat(allowed.size()).isEqualTo(map.size());
        for (JsonNode days : allowed) {
            int r = days.asInt();
            JsonNode ages = map.path(Integer.toString(r));
            assertThat(ages.isObject()).as("mapping for RetentionDays %d", r).isTrue();
            if (r == 0) {
                continue; // no lifecycle
            }
            // Noncurrent versions: exactly the window. Change logs: the window, a checkpoint interval
            // (at most a day) and the 25-hour lateness bound. Checkpoints: the window and an interval.
            assertThat(ages.path("NoncurrentDays").asInt()).isEqualTo(r);
            assertThat(ages.path("ChangeLogDays").asInt()).isEqualTo(r + 3);
            assertThat(ages.path("CheckpointDays").asInt()).isEqualTo(r + 2);
        }
        JsonNode rules = resources.path("BackupBucket").path("Properties").path("LifecycleConfiguration").path("Fn::If").get(1)
                .path("Rules");
        List<String> ids = new ArrayList<>();
        rules.forEach(r -> ids.add(r.path("Id").asText()));
        assertThat(ids).containsExactly("ExpireNoncurrentVersions", "ExpireChangeLogs", "ExpireCheckpoints",
                "ExpireLogSegments");
        assertThat(rules.get(0).path("NoncurrentVersionExpiration").toString()).contains("NoncurrentDays");
        assertThat(rules.get(0).has("ExpirationInDays")).as("current versions never expire").isFalse();
        assertThat(rules.get(1).path("Prefix").toString()).contains("${SourceTableName}/_changes/");
        assertThat(rules.get(1).path("ExpirationInDays").toString()).contains("ChangeLogDays");
        assertThat(rules.get(2).path("Prefix").toString()).contains("${SourceTableName}/_checkpoints/");
        assertThat(rules.get(2).path("ExpirationInDays").toString()).contains("CheckpointDays");
        // Log mode's segments are read as change logs are (from a checkpoint on): kept as long.
        assertThat(rules.get(3).path("Prefix").toString()).contains("${SourceTableName}/_log/");
        assertThat(rules.get(3).path("ExpirationInDays").toString()).contains("ChangeLogDays");
    }

    @Test
    void objectLockNeedsRetentionAndKeepsEveryVersionThatLong() {
        JsonNode lock = resources.path("BackupBucket").path("Properties").path("ObjectLockConfiguration").path("Fn::If").get(1);
        assertThat(lock.path("ObjectLockEnabled").asText()).isEqualTo("Enabled");
        assertThat(lock.path("Rule").path("DefaultRetention").path("Mode").path("Ref").asText()).isEqualTo("ObjectLockMode");
        assertThat(lock.path("Rule").path("DefaultRetention").path("Days").path("Ref").asText()).isEqualTo("RetentionDays");
        assertThat(resources.path("BackupBucket").path("Properties").path("ObjectLockEnabled").path("Fn::If").get(1).asBoolean())
                .isTrue();
        JsonNode rule = template.path("Rules").path("ObjectLockNeedsRetentionAndItsOwnBucket");
        assertThat(rule.path("Assertions").toString()).contains("RetentionDays").contains("ExistingBucketName");
    }

    @Test
    void onlyTheAdminRoleMayDestroyHistoryAndTheFunctionsRoleIsUnchanged() {
        JsonNode statements = resources.path("BackupBucketPolicy").path("Properties").path("PolicyDocument").path("Statement");
        JsonNode deny = null;
        for (JsonNode s : statements) {
            if (s.has("Fn::If") && s.path("Fn::If").get(0).asText().equals("HasBackupAdminRole")) {
                deny = s.path("Fn::If").get(1);
            }
        }
        assertThat(deny).as("the admin-only statement").isNotNull();
        assertThat(deny.path("Effect").asText()).isEqualTo("Deny");
        assertThat(deny.path("Principal").asText()).isEqualTo("*");
        assertThat(deny.path("Action").toString()).contains("s3:DeleteObjectVersion", "s3:PutBucketVersioning",
                "s3:PutLifecycleConfiguration");
        // Nor may anyone else loosen what keeps it: Object Lock (the bucket's default retention, a
        // version's retention or legal hold, the governance bypass), encryption, replication, object
        // ownership, the public access block, the bucket policy itself.
        assertThat(texts(deny.path("Action"))).contains("s3:PutBucketObjectLockConfiguration", "s3:PutObjectRetention",
                "s3:BypassGovernanceRetention", "s3:PutObjectLegalHold", "s3:PutEncryptionConfiguration",
                "s3:PutReplicationConfiguration", "s3:PutBucketOwnershipControls", "s3:PutBucketPublicAccessBlock",
                "s3:PutBucketPolicy", "s3:DeleteBucketPolicy");
        assertThat(deny.path("Resource").toString()).contains("BackupBucket.Arn}/*").contains("[\"BackupBucket\",\"Arn\"]");
        assertThat(deny.path("Condition").path("ArnNotEquals").path("aws:PrincipalArn").path("Ref").asText())
                .isEqualTo("BackupAdminRoleArn");
        // The backup function never deletes a version, nor touches the bucket's configuration; the
        // checkpoints are named in its role only to deny them to it.
        String functionRole = resources.path("BackupFunctionRole").toString();
        assertThat(functionRole).doesNotContain("DeleteObjectVersion", "PutLifecycleConfiguration", "PutBucketVersioning");
        for (JsonNode s : resources.path("BackupFunctionRole").path("Properties").path("Policies").get(0)
                .path("PolicyDocument").path("Statement")) {
            if (s.toString().contains("_checkpoints")) {
                assertThat(s.path("Effect").asText()).as(s.path("Sid").asText()).isEqualTo("Deny");
            }
        }
    }

    @Test
    void theCheckpointFunctionRunsOnItsScheduleFromTheJobsPackageAndWritesOnlyCheckpoints() throws IOException {
        JsonNode f = resources.path("CheckpointFunction");
        JsonNode p = f.path("Properties");
        assertThat(FunctionProperties.of(template, "CheckpointFunction", "Runtime").asText()).isEqualTo("java21");
        assertThat(FunctionProperties.of(template, "CheckpointFunction", "Architectures").get(0).asText()).isEqualTo("arm64");
        String handler = p.path("Handler").asText();
        assertThat(JOBS_SOURCES.resolve(handler.substring(0, handler.indexOf("::")).replace('.', '/') + ".java")).isRegularFile();
        assertThat(f.path("Metadata").path("BuildMethod").asText()).isEqualTo("makefile");
        assertThat(Files.readString(MAKEFILE)).contains("build-CheckpointFunction");
        assertThat(p.path("Events").path("Schedule").path("Type").asText()).isEqualTo("Schedule");
        assertThat(p.path("Events").path("Schedule").path("Properties").path("Schedule").toString())
                .contains("CheckpointSchedule").contains("CheckpointIntervalHours");
        assertThat(template.path("Parameters").path("CheckpointIntervalHours").path("Default").asInt()).isEqualTo(24);
        assertThat(template.path("Mappings").path("CheckpointSchedule").path("24").path("Expression").asText())
                .isEqualTo("rate(1 day)");
        JsonNode env = p.path("Environment").path("Variables");
        for (String v : List.of("BackupBucket", "BackupPrefix", "TableName", "RetentionDays")) {
            assertThat(env.has(v)).as(v).isTrue();
        }
        JsonNode statements = resources.path("CheckpointRole").path("Properties").path("Policies").get(0)
                .path("PolicyDocument").path("Statement");
        for (JsonNode s : statements) {
            String text = s.toString();
            if (text.contains("s3:PutObject")) {
                assertThat(text).contains("_checkpoints/*");
            }
            assertThat(text).doesNotContain("s3:DeleteObject").doesNotContain("s3:*");
        }
        assertThat(resources.path("CheckpointErrorsAlarm").path("Properties").path("AlarmActions").toString())
                .contains("AlarmTopic");
        assertThat(resources.path("CheckpointErrorsAlarm").path("Properties").path("OKActions").toString())
                .contains("AlarmTopic");
    }

    private static List<String> texts(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.forEach(n -> out.add(n.asText()));
        return out;
    }
}
