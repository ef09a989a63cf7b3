package dev.ddbbackup.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fan-out part of the SAM template (FanOut=true): the job bucket, the restore, snapshot and
 * verify workers and the merge function (backup-jobs' package), their least-privilege roles, and the
 * state machines built from {@code statemachine/fanout.asl.json} and {@code verify.asl.json}. cfn-lint checks CloudFormation
 * validity; the state machines are validated and run by backup-jobs' StateMachineLocalTest and
 * VerifyOnStepFunctionsTest.
 */
class FanOutTemplateTest extends TemplateSuite {

    private static final Path DEFINITION = Path.of("..", "statemachine", "fanout.asl.json");
    private static final Path VERIFY_DEFINITION = Path.of("..", "statemachine", "verify.asl.json");
    private static final Path MAKEFILE = Path.of("..", "Makefile");
    private static final Path JOBS_SOURCES = Path.of("..", "backup-jobs", "src", "main", "java");
    private static final List<String> FAN_OUT_FUNCTIONS = List.of("RestoreWorkerFunction", "SnapshotWorkerFunction",
            "VerifyWorkerFunction", "JobMergeFunction");
    /** What Step Functions needs to deliver execution logs to CloudWatch Logs (its guide, "Logging"). */
    private static final Set<String> LOG_DELIVERY_ACTIONS = Set.of("logs:CreateLogDelivery", "logs:GetLogDelivery",
            "logs:UpdateLogDelivery", "logs:DeleteLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy",
            "logs:DescribeResourcePolicies", "logs:DescribeLogGroups");
    private static final Set<String> LAMBDA_SERVICE_ERRORS = Set.of("Lambda.ServiceException", "Lambda.AWSLambdaException",
            "Lambda.SdkClientException", "Lambda.TooManyRequestsException");

    private static JsonNode definition;
    private static String definitionText;
    private static JsonNode verifyDefinition;
    private static String verifyDefinitionText;

    @BeforeAll
    static void parseDefinitions() throws IOException {
        definitionText = Files.readString(DEFINITION);
        definition = new ObjectMapper().readTree(definitionText);
        verifyDefinitionText = Files.readString(VERIFY_DEFINITION);
        verifyDefinition = new ObjectMapper().readTree(verifyDefinitionText);
    }

    @Test
    void fanOutIsOptionalAndOffByDefault() {
        assertThat(template.path("Parameters").path("FanOut").path("Default").asText()).isEqualTo("false");
        assertThat(template.path("Parameters").path("AllowInPlaceRestore").path("Default").asText()).isEqualTo("false");
        List<String> fanOut = new ArrayList<>(FAN_OUT_FUNCTIONS);
        fanOut.addAll(List.of("JobBucket", "JobBucketPolicy", "RestoreWorkerRole", "SnapshotWorkerRole",
                "VerifyWorkerRole", "JobMergeRole", "RestoreStateMachine", "SnapshotStateMachine", "VerifyStateMachine",
                "RestoreStateMachineRole", "SnapshotStateMachineRole", "VerifyStateMachineRole"));
        for (String name : fanOut) {
            assertThat(resources.path(name).path("Condition").asText()).as("Condition of %s", name).isEqualTo("FanOutEnabled");
        }
        for (String output : List.of("RestoreStateMachineArn", "SnapshotStateMachineArn", "VerifyStateMachineArn",
                "JobBucketName")) {
            assertThat(template.path("Outputs").path(output).path("Condition").asText()).isEqualTo("FanOutEnabled");
        }
    }

    @Test
    void jobFunctionsAreTheJobsPackageOnJava21ArmWithLambdasLongestTimeout() throws IOException {
        String makefile = Files.readString(MAKEFILE);
        for (String name : FAN_OUT_FUNCTIONS) {
            JsonNode f = resources.path(name);
            JsonNode p = f.path("Properties");
            assertThat(FunctionProperties.of(template, name, "Runtime").asText()).isEqualTo("java21");
            assertThat(FunctionProperties.of(template, name, "Architectures").get(0).asText()).isEqualTo("arm64");
            assertThat(p.path("Timeout").asInt()).isEqualTo(900);
            String handler = p.path("Handler").asText();
            Path source = JOBS_SOURCES.resolve(handler.substring(0, handler.indexOf("::")).replace('.', '/') + ".java");
            assertThat(source).as("handler of %s", name).isRegularFile();
            assertThat(f.path("Metadata").path("BuildMethod").asText()).isEqualTo("makefile");
            assertThat(makefile).contains("build-" + name).contains("backup-jobs-lambda.zip");
            assertThat(p.path("LoggingConfig").path("LogGroup").path("Ref").asText()).isNotEmpty();
        }
        assertThat(resources.path("RestoreWorkerFunction").path("Properties").path("Environment").path("Variables")
                .path("JOB_KIND").asText()).isEqualTo("restore");
        assertThat(resources.path("SnapshotWorkerFunction").path("Properties").path("Environment").path("Variables")
                .path("JOB_KIND").asText()).isEqualTo("snapshot");
        assertThat(resources.path("VerifyWorkerFunction").path("Properties").path("Environment").path("Variables")
                .path("JOB_KIND").asText()).isEqualTo("verify");
    }

    @Test
    void stateMachinesAreBuiltFromTheDefinitionWithEverySubstitution() {
        Set<String> placeholders = new TreeSet<>();
        Matcher m = Pattern.compile("\\$\\{([A-Za-z0-9]+)}").matcher(definitionText);
        while (m.find()) {
            placeholders.add(m.group(1));
        }
        assertThat(placeholders).containsExactlyInAnyOrder("SegmentWorkerArn", "MergeFunctionArn");
        Set<String> verifyPlaceholders = new TreeSet<>();
        Matcher v = Pattern.compile("\\$\\{([A-Za-z0-9]+)}").matcher(verifyDefinitionText);
        while (v.find()) {
            verifyPlaceholders.add(v.group(1));
        }
        assertThat(verifyPlaceholders).isEqualTo(placeholders);
        for (String name : List.of("RestoreStateMachine", "SnapshotStateMachine", "VerifyStateMachine")) {
            JsonNode p = resources.path(name).path("Properties");
            assertThat(p.path("DefinitionUri").asText()).isEqualTo(name.equals("VerifyStateMachine")
                    ? "statemachine/verify.asl.json" : "statemachine/fanout.asl.json");
            assertThat(p.path("Type").asText()).isEqualTo("STANDARD");
            Set<String> substitutions = new TreeSet<>();
            p.path("DefinitionSubstitutions").fieldNames().forEachRemaining(substitutions::add);
            assertThat(substitutions).isEqualTo(placeholders);
            assertThat(p.path("Tags").path("ddb-backup:job-bucket").path("Ref").asText()).isEqualTo("JobBucket");
            assertThat(p.path("Name").toString()).contains("${AWS::StackName}-");
        }
        assertThat(resources.path("RestoreStateMachine").path("Properties").path("DefinitionSubstitutions")
                .path("SegmentWorkerArn").toString()).contains("RestoreWorkerFunction");
        assertThat(resources.path("SnapshotStateMachine").path("Properties").path("DefinitionSubstitutions")
                .path("SegmentWorkerArn").toString()).contains("SnapshotWorkerFunction");
        assertThat(resources.path("VerifyStateMachine").path("Properties").path("DefinitionSubstitutions")
                .path("SegmentWorkerArn").toString()).contains("VerifyWorkerFunction");
    }

    @Test
    void segmentsAreADistributedMapOfStandardChildExecutions() {
        for (JsonNode map : List.of(definition.path("States").path("Segments"),
                verifyDefinition.path("States").path("ScanTable"), verifyDefinition.path("States").path("Segments"))) {
            assertThat(map.path("Type").asText()).isEqualTo("Map");
            assertThat(map.path("ItemProcessor").path("ProcessorConfig").path("Mode").asText()).isEqualTo("DISTRIBUTED");
            // A segment loops for longer than an Express execution's 5 minutes.
            assertThat(map.path("ItemProcessor").path("ProcessorConfig").path("ExecutionType").asText()).isEqualTo("STANDARD");
            assertThat(map.path("Catch").get(0).path("Next").asText()).isEqualTo("Merge");
        }
        assertThat(definition.path("States").path("Failed").path("Type").asText()).isEqualTo("Fail");
        assertThat(verifyDefinition.path("States").path("Failed").path("Type").asText()).isEqualTo("Fail");
        // Verify compares only after the whole table is scanned: the scan Map leads to the compare Map.
        assertThat(verifyDefinition.path("States").path("ScanTable").path("Next").asText()).isEqualTo("Segments");
        assertThat(verifyDefinition.path("States").path("ScanTable").path("ItemSelector").path("phase").asText())
                .isEqualTo("scan");
        assertThat(verifyDefinition.path("States").path("Segments").path("ItemSelector").path("phase").asText())
                .isEqualTo("compare");
    }

    @Test
    void workersAreRetriedWithBackoffExceptWhenTheyRefuse() throws IOException {
        for (JsonNode task : List.of(
                definition.path("States").path("Segments").path("ItemProcessor").path("States").path("RunSegment"),
                verifyDefinition.path("States").path("ScanTable").path("ItemProcessor").path("States").path("ScanSegment"),
                verifyDefinition.path("States").path("Segments").path("ItemProcessor").path("States").path("RunSegment"))) {
            retriedWithBackoffExceptRefusals(task);
        }
    }

    private static void retriedWithBackoffExceptRefusals(JsonNode task) {
        JsonNode retry = task.path("Retry");
        String refused = retry.get(0).path("ErrorEquals").get(0).asText();
        assertThat(retry.get(0).path("MaxAttempts").asInt(-1)).isZero();
        assertThat(JOBS_SOURCES.resolve(refused.replace('.', '/') + ".java")).as("the refusal's class").isRegularFile();
        Set<String> retried = new LinkedHashSet<>();
        for (JsonNode r : retry) {
            if (r.path("MaxAttempts").asInt(3) > 0) {
                r.path("ErrorEquals").forEach(e -> retried.add(e.asText()));
                assertThat(r.path("BackoffRate").asDouble()).isGreaterThan(1.0);
                assertThat(r.path("JitterStrategy").asText()).isEqualTo("FULL");
            }
        }
        assertThat(retried).containsAll(LAMBDA_SERVICE_ERRORS).contains("States.TaskFailed");
        assertThat(task.path("TimeoutSeconds").asInt()).isGreaterThan(
                resources.path("RestoreWorkerFunction").path("Properties").path("Timeout").asInt());
    }

    @Test
    void workersReadTheBackupAndWriteOnlyWhatTheirJobWrites() {
        Set<String> readBackup = Set.of("s3:GetObject", "s3:GetObjectVersion", "s3:ListBucket", "s3:ListBucketVersions",
                "kms:Decrypt", "logs:CreateLogStream", "logs:PutLogEvents");
        Map<String, Set<String>> writes = Map.of(
                // A revert runs on the restore workers: one conditional PutItem or DeleteItem per item, after a GetItem.
                "RestoreWorkerRole", Set.of("s3:PutObject", "dynamodb:BatchWriteItem", "dynamodb:DescribeTable",
                        "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"),
                "SnapshotWorkerRole", Set.of("s3:PutObject"),
                "VerifyWorkerRole", Set.of("s3:PutObject", "dynamodb:Scan", "dynamodb:DescribeTable"),
                "JobMergeRole", Set.of("s3:PutObject"));
        for (Map.Entry<String, Set<String>> role : writes.entrySet()) {
            Set<String> allowed = new LinkedHashSet<>(readBackup);
            allowed.addAll(role.getValue());
            for (JsonNode st : allowStatements(role.getKey())) {
                List<String> actions = texts(st.path("Action"));
                assertThat(actions).as("%s %s", role.getKey(), st.path("Sid").asText()).isSubsetOf(allowed)
                        .allSatisfy(a -> assertThat(a).doesNotContain("*"));
                String resource = st.path("Resource").toString();
                assertThat(resource).as("%s %s", role.getKey(), st.path("Sid").asText()).isNotEqualTo("\"*\"");
                if (actions.contains("s3:PutObject")) {
                    assertThat(resource).as("objects are written into the job bucket only").contains("JobBucket.Arn");
                }
            }
        }
        for (JsonNode st : allowStatements("RestoreWorkerRole")) {
            if (texts(st.path("Action")).contains("dynamodb:BatchWriteItem")) {
                String resource = st.path("Resource").toString();
                boolean source = resource.contains("table/${SourceTableName}\"");
                assertThat(!source || "WriteSourceTableInPlace".equals(st.path("Sid").asText()))
                        .as("the source table is written only by the in-place statement: %s", resource).isTrue();
            }
        }
        JsonNode inPlace = inPlaceStatement();
        assertThat(inPlace.path("Fn::If").get(0).asText()).isEqualTo("FanOutInPlace");
        // Whatever RestoreTargetTablePattern matches ("*" matches the source too), the source table is
        // denied unless AllowInPlaceRestore: the Deny is there exactly when the in-place Allow is not.
        List<JsonNode> denials = new ArrayList<>();
        statements("RestoreWorkerRole").forEach(st -> {
            if ("Deny".equals(st.path("Effect").asText())) {
                denials.add(st);
            }
        });
        assertThat(denials).hasSize(1);
        JsonNode deny = denials.get(0);
        assertThat(texts(deny.path("Action"))).contains("dynamodb:BatchWriteItem", "dynamodb:PutItem",
                "dynamodb:UpdateItem", "dynamodb:DeleteItem");
        assertThat(deny.path("Resource").path("Fn::Sub").get(0).asText()).endsWith(":table/${SourceTableName}");
        assertThat(deny.path("Resource").path("Fn::Sub").get(1).path("SourceTableName").toString())
                .contains("SourceTableStreamArn");
        JsonNode ifNotInPlace = conditionalStatement("RestoreWorkerRole", "NeverWriteTheSourceTable");
        assertThat(ifNotInPlace.path("Fn::If").get(0).asText()).isEqualTo("FanOutInPlace");
        assertThat(ifNotInPlace.path("Fn::If").get(1).path("Ref").asText()).isEqualTo("AWS::NoValue");
        // Every other worker's statements are Allows.
        for (String role : List.of("SnapshotWorkerRole", "VerifyWorkerRole", "JobMergeRole")) {
            assertThat(statements(role)).allSatisfy(st -> assertThat(st.path("Effect").asText()).isEqualTo("Allow"));
        }
        assertThat(statements("SnapshotWorkerRole").stream().flatMap(s -> texts(s.path("Action")).stream()))
                .noneMatch(a -> a.startsWith("dynamodb:"));
        // Verify reads the source table and nothing else of DynamoDB.
        for (JsonNode st : allowStatements("VerifyWorkerRole")) {
            if (texts(st.path("Action")).stream().anyMatch(a -> a.startsWith("dynamodb:"))) {
                assertThat(texts(st.path("Action"))).containsExactlyInAnyOrder("dynamodb:Scan", "dynamodb:DescribeTable");
                assertThat(st.path("Resource").path("Fn::Sub").get(0).asText()).endsWith("table/${SourceTableName}");
                assertThat(st.path("Resource").path("Fn::Sub").get(1).path("SourceTableName").toString())
                        .contains("SourceTableStreamArn");
            }
        }
    }

    @Test
    void stateMachinesInvokeOnlyTheirWorkerAndTheMergeAndRunTheirOwnChildExecutions() {
        List<String> workers = List.of("RestoreWorkerFunction", "SnapshotWorkerFunction", "VerifyWorkerFunction");
        for (String[] pair : new String[][] {{"RestoreStateMachineRole", "RestoreWorkerFunction", "restore"},
                {"SnapshotStateMachineRole", "SnapshotWorkerFunction", "snapshot"},
                {"VerifyStateMachineRole", "VerifyWorkerFunction", "verify"}}) {
            for (JsonNode st : statements(pair[0])) {
                List<String> actions = texts(st.path("Action"));
                String resource = st.path("Resource").toString();
                if (actions.contains("lambda:InvokeFunction")) {
                    assertThat(resource).contains(pair[1]).contains("JobMergeFunction");
                    workers.stream().filter(w -> !w.equals(pair[1]))
                            .forEach(other -> assertThat(resource).doesNotContain(other));
                } else if (actions.stream().anyMatch(a -> a.startsWith("logs:"))) {
                    // The execution logs' delivery: actions without a resource type in IAM.
                    assertThat(actions).isSubsetOf(LOG_DELIVERY_ACTIONS);
                    assertThat(resource).isEqualTo("\"*\"");
                } else {
                    assertThat(actions).isSubsetOf("states:StartExecution", "states:DescribeExecution", "states:StopExecution");
                    assertThat(resource).contains("${AWS::StackName}-" + pair[2]);
                }
            }
        }
    }

    @Test
    void stateMachinesLogTheirErrorsWithoutExecutionDataIntoALogGroupThatExpires() {
        for (String[] pair : new String[][] {{"RestoreStateMachine", "RestoreStateMachineRole"},
                {"SnapshotStateMachine", "SnapshotStateMachineRole"}, {"VerifyStateMachine", "VerifyStateMachineRole"}}) {
            JsonNode logging = resources.path(pair[0]).path("Properties").path("Logging");
            assertThat(logging.path("Level").asText()).as(pair[0]).isIn("ERROR", "ALL");
            assertThat(logging.path("IncludeExecutionData").isBoolean()).isTrue();
            assertThat(logging.path("IncludeExecutionData").asBoolean()).as("execution data holds keys").isFalse();
            JsonNode arn = logging.path("Destinations").get(0).path("CloudWatchLogsLogGroup").path("LogGroupArn");
            String group = arn.path("Fn::GetAtt").get(0).asText();
            JsonNode logGroup = resources.path(group);
            assertThat(logGroup.path("Type").asText()).isEqualTo("AWS::Logs::LogGroup");
            assertThat(logGroup.path("Condition").asText()).isEqualTo("FanOutEnabled");
            assertThat(logGroup.path("Properties").path("RetentionInDays").path("Ref").asText()).isEqualTo("LogRetentionInDays");
            assertThat(logGroup.path("Properties").path("LogGroupName").toString()).contains("/aws/vendedlogs/states/");
            Set<String> granted = new LinkedHashSet<>();
            statements(pair[1]).forEach(st -> granted.addAll(texts(st.path("Action"))));
            assertThat(granted).as("%s may set up the log delivery", pair[1]).containsAll(LOG_DELIVERY_ACTIONS);
        }
    }

    @Test
    void jobBucketIsPrivateEncryptedTlsOnlyAndItsWorkingFilesExpire() {
        JsonNode p = resources.path("JobBucket").path("Properties");
        assertThat(p.path("PublicAccessBlockConfiguration").toString()).doesNotContain("false");
        assertThat(p.path("BucketEncryption").toString()).contains("AES256");
        JsonNode rule = p.path("LifecycleConfiguration").path("Rules").get(0);
        assertThat(rule.path("Prefix").asText()).isEqualTo("jobs/");
        assertThat(rule.path("ExpirationInDays").path("Ref").asText()).isEqualTo("JobRetentionInDays");
        assertThat(resources.path("JobBucketPolicy").path("Properties").toString()).contains("aws:SecureTransport");
    }

    /** The statement {@code sid} of a role, included under a condition ({@code Fn::If}). */
    private static JsonNode conditionalStatement(String role, String sid) {
        for (JsonNode st : resources.path(role).path("Properties").path("Policies").get(0)
                .path("PolicyDocument").path("Statement")) {
            if (st.has("Fn::If") && st.get("Fn::If").toString().contains("\"Sid\":\"" + sid + "\"")) {
                return st;
            }
        }
        throw new AssertionError("no conditional statement " + sid + " in " + role);
    }

    private static JsonNode inPlaceStatement() {
        for (JsonNode st : resources.path("RestoreWorkerRole").path("Properties").path("Policies").get(0)
                .path("PolicyDocument").path("Statement")) {
            if (st.has("Fn::If") && "WriteSourceTableInPlace".equals(st.get("Fn::If").get(1).path("Sid").asText())) {
                return st;
            }
        }
        throw new AssertionError("no conditional in-place statement in RestoreWorkerRole");
    }

    /**
     * The statements of a role; a conditional statement ({@code Fn::If [Condition, A, B]}, one of A
     * and B possibly {@code AWS::NoValue}) counts as its statement.
     */
    private static List<JsonNode> statements(String role) {
        List<JsonNode> out = new ArrayList<>();
        resources.path(role).path("Properties").path("Policies").forEach(p -> p.path("PolicyDocument").path("Statement")
                .forEach(st -> out.add(st.has("Fn::If") ? statementOf(st.get("Fn::If")) : st)));
        assertThat(out).as("statements of %s", role).isNotEmpty();
        return out;
    }

    private static JsonNode statementOf(JsonNode ifNode) {
        return ifNode.get(1).has("Effect") ? ifNode.get(1) : ifNode.get(2);
    }

    private static List<JsonNode> allowStatements(String role) {
        List<JsonNode> out = new ArrayList<>();
        statements(role).forEach(st -> {
            if ("Allow".equals(st.path("Effect").asText())) {
                out.add(st);
            }
        });
        return out;
    }

    private static List<String> texts(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else if (!node.isMissingNode()) {
            out.add(node.asText());
        }
        return out;
    }
}
