package dev.ddbbackup.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbbackup.observability.JsonLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The deployment contract of the SAM template at the project root ({@code ../template.yaml} from
 * this module): what the function, its event source mapping, the bucket, the permissions and the
 * alarms must look like. cfn-lint ({@code scripts/lint-template.sh}) checks CloudFormation validity;
 * this test checks the decisions, and runs in every Maven build.
 */
class SamTemplateTest extends TemplateSuite {

    private static final Path MAKEFILE = Path.of("..", "Makefile");
    private static final String HANDLER = "dev.ddbbackup.function.BackupHandler::handleRequest";
    private static final String BACKUP_FUNCTION = "BackupFunction";
    private static final String BACKUP_BUCKET = "BackupBucket";

    /** A 30-minute data-loss objective, in milliseconds. */
    private static final long DATA_LOSS_OBJECTIVE_MS = 30 * 60 * 1000L;

    private static final Set<String> PSEUDO_PARAMETERS = Set.of("AWS::AccountId", "AWS::NotificationARNs",
            "AWS::NoValue", "AWS::Partition", "AWS::Region", "AWS::StackId", "AWS::StackName", "AWS::URLSuffix");

    /** Everything the function's role may do; anything else needs a decision (and this list updated). */
    private static final Set<String> ALLOWED_ACTIONS = Set.of(
            "dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams",
            "dynamodb:DescribeTable", "dynamodb:DescribeTimeToLive",
            "s3:PutObject", "s3:DeleteObject", "s3:GetObject", "s3:ListBucket", "s3:ListBucketVersions",
            "s3:GetBucketVersioning", "sqs:SendMessage", "logs:CreateLogStream", "logs:PutLogEvents");

    /** Granted only when the BucketKmsKeyArn parameter is set (a conditional statement). */
    private static final Set<String> KMS_ACTIONS = Set.of("kms:GenerateDataKey", "kms:Decrypt");

    private static final Set<String> STREAM_READ_ACTIONS =
            Set.of("dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator");

    private static final Pattern SHORT_FORM_TAG = Pattern.compile(
            "(^|[\\s\\[{,:-])!(Ref|Sub|GetAtt|If|Equals|Not|And|Or|Join|Select|Split|FindInMap|Base64|Cidr"
                    + "|ImportValue|GetAZs|Condition|Transform)\\b");
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!][^}]*)}");

    /** The one way the template names the source table: read out of the stream ARN. */
    private static final String TABLE_NAME_FROM_STREAM_ARN = "{\"Fn::Select\":[1,{\"Fn::Split\":[\"/\",{\"Fn::Select\":[5,"
            + "{\"Fn::Split\":[\":\",{\"Ref\":\"SourceTableStreamArn\"}]}]}]}]}";

    // ---------------------------------------------------------------------------------------------
    // Template as a whole
    // ---------------------------------------------------------------------------------------------

    @Test
    void isASamTemplate() {
        JsonNode transform = template.path("Transform");
        List<String> transforms = new ArrayList<>();
        if (transform.isArray()) {
            transform.forEach(t -> transforms.add(t.asText()));
        } else {
            transforms.add(transform.asText());
        }
        assertThat(transforms).containsExactly("AWS::Serverless-2016-10-31");
    }

    @Test
    void usesOnlyLongFormIntrinsicFunctions() {
        List<String> offending = new ArrayList<>();
        String[] lines = templateText.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.strip().startsWith("#")) {
                continue;
            }
            if (SHORT_FORM_TAG.matcher(line).find()) {
                offending.add((i + 1) + ": " + line.strip());
            }
        }
        assertThat(offending).as("short-form YAML tags (plain YAML parsers cannot read them)").isEmpty();
    }

    @Test
    void everyReferenceIsDeclared() {
        Set<String> parameters = fieldNames(template.path("Parameters"));
        Set<String> resourceNames = fieldNames(resources);
        Set<String> conditions = fieldNames(template.path("Conditions"));
        List<String> undeclared = new ArrayList<>();

        walk(template, (key, value) -> {
            switch (key) {
                case "Ref" -> {
                    String name = value.asText();
                    if (!isDeclared(name, parameters, resourceNames)) {
                        undeclared.add("Ref " + name);
                    }
                }
                case "Fn::GetAtt" -> {
                    String target = value.isArray() ? value.path(0).asText() : value.asText().split("\\.", 2)[0];
                    if (!resourceNames.contains(target)) {
                        undeclared.add("Fn::GetAtt " + target);
                    }
                }
                case "Fn::Sub" -> {
                    String text = value.isArray() ? value.path(0).asText() : value.asText();
                    Set<String> locals = value.isArray() ? fieldNames(value.path(1)) : Set.of();
                    for (String variable : subVariables(text)) {
                        String name = variable.contains(".") && !variable.startsWith("AWS::")
                                ? variable.substring(0, variable.indexOf('.')) : variable;
                        boolean known = locals.contains(variable)
                                || (variable.contains(".") ? resourceNames.contains(name)
                                        : isDeclared(name, parameters, resourceNames));
                        if (!known) {
                            undeclared.add("Fn::Sub ${" + variable + "}");
                        }
                    }
                }
                case "Fn::If" -> {
                    if (!conditions.contains(value.path(0).asText())) {
                        undeclared.add("Fn::If condition " + value.path(0).asText());
                    }
                }
                default -> { }
            }
        });
        resources.fields().forEachRemaining(r -> {
            if (r.getValue().has("Condition") && !conditions.contains(r.getValue().get("Condition").asText())) {
                undeclared.add("Condition of " + r.getKey());
            }
        });

        assertThat(parameters).as("declared parameters").isNotEmpty();
        assertThat(undeclared).as("references to undeclared names").isEmpty();
    }

    @Test
    void everyParameterIsUsed() {
        Set<String> used = new LinkedHashSet<>();
        walk(template, (key, value) -> {
            if ("Ref".equals(key)) {
                used.add(value.asText());
            } else if ("Fn::Sub".equals(key)) {
                used.addAll(subVariables(value.isArray() ? value.path(0).asText() : value.asText()));
            }
        });
        assertThat(used).containsAll(fieldNames(template.path("Parameters")));
    }

    @Test
    void parametersHaveTheDocumentedDefaultsAndRanges() {
        JsonNode p = template.path("Parameters");
        assertThat(p.path("SourceTableStreamArn").has("Default")).as("SourceTableStreamArn is required").isFalse();
        assertThat(p.path("SourceTableStreamArn").isObject()).isTrue();
        // The table's name is read out of the stream ARN, so no parameter can disagree with it
        // (tableNameIsReadOutOfTheStreamArnEverywhere).
        assertThat(p.has("SourceTableName")).as("a SourceTableName parameter").isFalse();

        assertThat(p.path("LogLevel").path("Default").asText()).isEqualTo("INFO");

        assertThat(p.path("BackupPrefix").path("Default").asText("missing")).isEmpty();
        assertThat(p.path("MultiTenancyColumn").path("Default").asText("missing")).isEmpty();
        assertThat(p.path("ExistingBucketName").path("Default").asText("missing")).isEmpty();
        assertThat(p.path("AlarmEmail").path("Default").asText("missing")).isEmpty();
        assertThat(p.path("BucketKmsKeyArn").path("Default").asText("missing")).isEmpty();
        assertThat(p.path("BucketKmsKeyArn").path("AllowedPattern").asText()).startsWith("^(|arn:aws");

        // CloudWatch Logs accepts only these retention periods.
        assertThat(p.path("LogRetentionInDays").path("Type").asText()).isEqualTo("Number");
        assertThat(p.path("LogRetentionInDays").path("Default").asInt()).isEqualTo(365);
        assertThat(texts(p.path("LogRetentionInDays").path("AllowedValues"))).contains("1", "30", "365", "3653");

        assertThat(p.path("PlainTextKeyAsFilename").path("Default").asText()).isEqualTo("false");
        assertThat(texts(p.path("PlainTextKeyAsFilename").path("AllowedValues")))
                .containsExactlyInAnyOrder("true", "false");

        assertThat(p.path("StorageMode").path("Default").asText()).isEqualTo("objects");
        assertThat(texts(p.path("StorageMode").path("AllowedValues"))).containsExactly("objects", "log");

        assertRange(p.path("BatchSize"), 1000, 1, 10000);
        assertRange(p.path("MaximumBatchingWindowInSeconds"), 1, 0, 300);
        assertRange(p.path("ParallelizationFactor"), 1, 1, 10);
    }

    // ---------------------------------------------------------------------------------------------
    // Function
    // ---------------------------------------------------------------------------------------------

    @Test
    void functionRunsJava21OnArmWithSnapStartBehindAnAlias() {
        JsonNode props = function().getValue().path("Properties");
        assertThat(FunctionProperties.of(template, BACKUP_FUNCTION, "Runtime").asText()).isEqualTo("java21");
        assertThat(texts(FunctionProperties.of(template, BACKUP_FUNCTION, "Architectures"))).containsExactly("arm64");
        assertThat(props.path("SnapStart").path("ApplyOn").asText()).isEqualTo("PublishedVersions");
        // SnapStart only applies to published versions: the stream must invoke an alias, not $LATEST.
        assertThat(props.path("AutoPublishAlias").asText()).isEqualTo("live");
        assertThat(props.path("MemorySize").asInt()).isEqualTo(1024);
        assertThat(props.path("Timeout").asInt()).isEqualTo(120);
        // java17+ runtimes stop tiered compilation at level 1 already; the variable only added a
        // "Picked up JAVA_TOOL_OPTIONS" text line to the log (LambdaRuntimeClientTest checks the log).
        assertThat(fieldNames(props.path("Environment").path("Variables"))).doesNotContain("JAVA_TOOL_OPTIONS");
    }

    @Test
    void functionLogsIntoItsOwnLogGroupWithARetention() {
        JsonNode props = function().getValue().path("Properties");
        String group = props.path("LoggingConfig").path("LogGroup").path("Ref").asText();
        assertThat(group).as("LoggingConfig.LogGroup (Ref of a log group)").isNotEmpty();
        JsonNode logGroup = resources.path(group);
        assertThat(logGroup.path("Type").asText()).isEqualTo("AWS::Logs::LogGroup");
        assertThat(logGroup.path("Properties").path("RetentionInDays").path("Ref").asText()).isEqualTo("LogRetentionInDays");
        assertThat(logGroup.path("Properties").path("LogGroupName").toString()).contains("/aws/lambda/");

        // The role may write to that group only.
        for (String action : List.of("logs:CreateLogStream", "logs:PutLogEvents")) {
            assertThat(resourcesFor(action)).as(action).containsOnly("GetAtt:" + group + ".Arn");
        }
        assertThat(actionsGranted(iamStatements())).doesNotContain("logs:CreateLogGroup");
    }

    @Test
    void everyFunctionLogsJsonAtTheLogLevelParameterWhichTheFunctionReads() {
        JsonNode global = template.path("Globals").path("Function").path("LoggingConfig");
        assertThat(global.path("LogFormat").asText()).isEqualTo("JSON");
        assertThat(global.path("ApplicationLogLevel").path("Ref").asText()).isEqualTo("LogLevel");
        for (String function : resourcesOfType("AWS::Serverless::Function").keySet()) {
            JsonNode logging = FunctionProperties.of(template, function, "LoggingConfig");
            assertThat(logging.path("LogFormat").asText()).as("LogFormat of %s", function).isEqualTo("JSON");
            assertThat(logging.path("ApplicationLogLevel").path("Ref").asText()).as(function).isEqualTo("LogLevel");
            assertThat(logging.path("LogGroup").path("Ref").asText()).as("own log group of %s", function).isNotEmpty();
            // Lambda sets AWS_LAMBDA_LOG_LEVEL from ApplicationLogLevel; a variable would only hide it.
            assertThat(fieldNames(resources.path(function).path("Properties").path("Environment").path("Variables")))
                    .doesNotContain("AWS_LAMBDA_LOG_LEVEL", "LOG_LEVEL");
        }
        // The function follows each level the parameter allows. None is above INFO: Lambda drops the
        // lines without a level below it, which would be the metric lines the alarms read.
        List<String> levels = texts(template.path("Parameters").path("LogLevel").path("AllowedValues"));
        assertThat(levels).contains("DEBUG", "INFO").doesNotContain("WARN", "ERROR", "FATAL");
        for (String level : levels) {
            JsonLog log = JsonLog.stdout(Map.of("AWS_LAMBDA_LOG_LEVEL", level, "LOG_LEVEL", "ERROR"));
            assertThat(log.enabled(JsonLog.Level.INFO)).as("INFO lines at %s", level).isTrue();
            assertThat(log.enabled(JsonLog.Level.DEBUG)).as("DEBUG lines at %s", level).isEqualTo(!level.equals("INFO"));
        }
    }

    @Test
    void handlerIsTheBackupHandlerOfThisModule() {
        String handler = function().getValue().path("Properties").path("Handler").asText();
        assertThat(handler).isEqualTo(HANDLER);
        // A file check rather than loading the class: the template must name a class of this module.
        String className = handler.substring(0, handler.indexOf("::"));
        Path source = Path.of("src/main/java", className.replace('.', '/') + ".java");
        assertThat(source).isEqualTo(Path.of("src/main/java/dev/ddbbackup/function/BackupHandler.java"));
        assertThat(source).as("handler source file").isRegularFile();
    }

    @Test
    void functionIsBuiltByTheRootMakefile() throws IOException {
        Map.Entry<String, JsonNode> function = function();
        assertThat(function.getValue().path("Metadata").path("BuildMethod").asText()).isEqualTo("makefile");
        assertThat(function.getValue().path("Properties").path("CodeUri").asText()).isEqualTo(".");

        assertThat(MAKEFILE).isRegularFile();
        List<String> lines = Files.readAllLines(MAKEFILE, StandardCharsets.UTF_8);
        String target = "build-" + function.getKey() + ":";
        int at = lines.indexOf(target);
        assertThat(at).as("Makefile target %s", target).isNotNegative();
        List<String> recipe = lines.subList(at + 1, lines.size()).stream()
                .takeWhile(l -> l.startsWith("\t"))
                .collect(Collectors.toList());
        assertThat(String.join("\n", recipe))
                .as("recipe of %s (tab-indented lines)", target)
                .contains("mvn -B -q -pl backup-function -am package -DskipTests")
                .contains("backup-function-lambda.zip")
                .contains("$(ARTIFACTS_DIR)");
    }

    @Test
    void environmentCarriesTheConfiguration() {
        JsonNode variables = function().getValue().path("Properties").path("Environment").path("Variables");
        assertThat(fieldNames(variables))
                .contains("BackupBucket", "BackupPrefix", "PlainTextKeyAsFilename", "MultiTenancyColumn", "StorageMode");
        assertThat(variables.path("StorageMode").path("Ref").asText()).isEqualTo("StorageMode");
        assertThat(variables.path("BackupPrefix").path("Ref").asText()).isEqualTo("BackupPrefix");
        assertThat(variables.path("PlainTextKeyAsFilename").path("Ref").asText()).isEqualTo("PlainTextKeyAsFilename");
        assertThat(variables.path("MultiTenancyColumn").path("Ref").asText()).isEqualTo("MultiTenancyColumn");
        // The created bucket or the existing one, never a literal.
        assertThat(variables.path("BackupBucket").toString()).contains("ExistingBucketName").contains(bucket().getKey());
    }

    // ---------------------------------------------------------------------------------------------
    // Event source mapping
    // ---------------------------------------------------------------------------------------------

    @Test
    void streamIsReadFromTheStartWithPartialBatchFailuresAndEndlessRetries() {
        JsonNode events = function().getValue().path("Properties").path("Events");
        List<JsonNode> streams = new ArrayList<>();
        events.forEach(e -> {
            if ("DynamoDB".equals(e.path("Type").asText())) {
                streams.add(e.path("Properties"));
            }
        });
        assertThat(streams).as("DynamoDB events").hasSize(1);
        JsonNode mapping = streams.get(0);

        assertThat(mapping.path("Stream").path("Ref").asText()).isEqualTo("SourceTableStreamArn");
        assertThat(mapping.path("StartingPosition").asText()).isEqualTo("TRIM_HORIZON");
        assertThat(texts(mapping.path("FunctionResponseTypes"))).contains("ReportBatchItemFailures");
        assertThat(mapping.path("MaximumRetryAttempts").isInt()).isTrue();
        assertThat(mapping.path("MaximumRetryAttempts").asInt()).isEqualTo(-1);
        assertThat(mapping.path("MaximumRecordAgeInSeconds").asInt()).isEqualTo(-1);
        assertThat(mapping.path("BatchSize").path("Ref").asText()).isEqualTo("BatchSize");
        assertThat(mapping.path("MaximumBatchingWindowInSeconds").path("Ref").asText())
                .isEqualTo("MaximumBatchingWindowInSeconds");
        assertThat(mapping.path("ParallelizationFactor").path("Ref").asText()).isEqualTo("ParallelizationFactor");
        // An invocation error (crash, time-out) halves the batch instead of retrying it whole forever.
        assertThat(mapping.path("BisectBatchOnFunctionError").isBoolean()).isTrue();
        assertThat(mapping.path("BisectBatchOnFunctionError").asBoolean()).isTrue();

        JsonNode destination = mapping.path("DestinationConfig").path("OnFailure").path("Destination");
        String queue = getAttTarget(destination);
        assertThat(queue).as("OnFailure destination (Fn::GetAtt of a queue)").isNotNull();
        JsonNode queueResource = resources.path(queue);
        assertThat(queueResource.path("Type").asText()).isEqualTo("AWS::SQS::Queue");
        JsonNode queueProps = queueResource.path("Properties");
        assertThat(queueProps.path("SqsManagedSseEnabled").asBoolean() || queueProps.has("KmsMasterKeyId"))
                .as("failure queue is encrypted").isTrue();
        assertThat(queueProps.path("MessageRetentionPeriod").asInt()).isEqualTo(14 * 24 * 3600);
    }

    // ---------------------------------------------------------------------------------------------
    // Bucket
    // ---------------------------------------------------------------------------------------------

    @Test
    void createdBucketIsVersionedPrivateEncryptedAndRetained() {
        Map.Entry<String, JsonNode> bucket = bucket();
        JsonNode resource = bucket.getValue();
        JsonNode props = resource.path("Properties");

        assertThat(props.path("VersioningConfiguration").path("Status").asText()).isEqualTo("Enabled");
        JsonNode block = props.path("PublicAccessBlockConfiguration");
        for (String setting : List.of("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets")) {
            assertThat(block.path(setting).asBoolean()).as(setting).isTrue();
        }
        JsonNode sse = props.path("BucketEncryption").path("ServerSideEncryptionConfiguration");
        assertThat(sse.isArray() && sse.size() > 0).as("bucket encryption").isTrue();
        sse.forEach(rule -> assertThat(rule.path("ServerSideEncryptionByDefault").path("SSEAlgorithm").asText())
                .isIn("AES256", "aws:kms", "aws:kms:dsse"));
        assertThat(props.path("OwnershipControls").path("Rules").path(0).path("ObjectOwnership").asText())
                .isEqualTo("BucketOwnerEnforced");

        assertThat(resource.path("DeletionPolicy").asText()).isEqualTo("Retain");
        assertThat(resource.path("UpdateReplacePolicy").asText()).isEqualTo("Retain");

        // Created only when no existing bucket is given.
        String condition = resource.path("Condition").asText();
        assertThat(condition).isNotEmpty();
        assertThat(template.path("Conditions").path(condition).toString())
                .contains("Fn::Equals").contains("ExistingBucketName");
    }

    @Test
    void bucketPolicyDeniesInsecureTransport() {
        String bucket = bucket().getKey();
        List<JsonNode> denials = new ArrayList<>();
        resourcesOfType("AWS::S3::BucketPolicy").forEach((name, policy) -> {
            if (!bucket.equals(policy.path("Properties").path("Bucket").path("Ref").asText())) {
                return;
            }
            policy.path("Properties").path("PolicyDocument").path("Statement").forEach(s -> {
                JsonNode secure = s.path("Condition").path("Bool").path("aws:SecureTransport");
                if ("Deny".equals(s.path("Effect").asText()) && "false".equals(secure.asText())
                        && texts(s.path("Action")).contains("s3:*") && "*".equals(principal(s))) {
                    denials.add(s);
                }
            });
        });
        assertThat(denials).as("a Deny of s3:* for everyone when aws:SecureTransport is false").hasSize(1);
        List<String> covered = resourceStrings(denials.get(0).path("Resource"));
        assertThat(covered).as("bucket and its objects")
                .contains("GetAtt:" + bucket + ".Arn", "${" + bucket + ".Arn}/*");
    }

    // ---------------------------------------------------------------------------------------------
    // Permissions
    // ---------------------------------------------------------------------------------------------

    @Test
    void functionHasItsOwnRoleSoSamAddsNoManagedStreamPolicy() {
        // With a generated role SAM attaches AWSLambdaDynamoDBExecutionRole (stream reads on "*").
        JsonNode props = function().getValue().path("Properties");
        String role = getAttTarget(props.path("Role"));
        assertThat(role).as("function Role (Fn::GetAtt of the role)").isNotNull();
        assertThat(resources.path(role).path("Type").asText()).isEqualTo("AWS::IAM::Role");
        assertThat(props.has("Policies")).as("SAM Policies are ignored next to a Role").isFalse();

        // Not even AWSLambdaBasicExecutionRole (logs:CreateLogGroup and PutLogEvents on "*"): the role's
        // inline statements cover the function's own log group.
        assertThat(resources.path(role).path("Properties").has("ManagedPolicyArns")).as("managed policies").isFalse();
        assertThat(resources.path(role).path("Properties").path("AssumeRolePolicyDocument").toString())
                .contains("lambda.amazonaws.com");
    }

    @Test
    void permissionsAreLeastPrivilege() {
        List<JsonNode> statements = iamStatements();
        assertThat(statements).isNotEmpty();
        for (JsonNode s : statements) {
            if ("Deny".equals(s.path("Effect").asText())) {
                assertThat(s.path("Sid").asText()).as("the function role's only Deny").isEqualTo("NeverWriteCheckpoints");
                continue;
            }
            assertThat(s.path("Effect").asText()).isEqualTo("Allow");
            assertThat(s.has("NotAction") || s.has("NotResource")).as("NotAction/NotResource").isFalse();
            List<String> actions = texts(s.path("Action"));
            assertThat(actions).as("actions of %s", s.path("Sid").asText())
                    .doesNotContain("*", "s3:*", "dynamodb:*", "sqs:*")
                    .allSatisfy(a -> assertThat(a).doesNotContain("*"))
                    .isSubsetOf(allowedActions());
            if (resourceStrings(s.path("Resource")).contains("*")) {
                assertThat(actions).as("only ListStreams (no resource type in IAM) may use Resource \"*\"")
                        .containsOnly("dynamodb:ListStreams");
            }
        }
        assertThat(actionsGranted(statements)).containsAll(ALLOWED_ACTIONS);
    }

    @Test
    void describeTableAndTimeToLiveAreGrantedOnlyOnTheSourceTable() {
        for (String action : List.of("dynamodb:DescribeTable", "dynamodb:DescribeTimeToLive")) {
            assertThat(resourcesFor(action)).as(action).isNotEmpty().allSatisfy(arn -> assertThat(arn)
                    .startsWith("arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/")
                    .endsWith(":table/${SourceTableName}")
                    .doesNotContain("*"));
        }
    }

    @Test
    void streamIsReadOnlyFromTheSourceStream() {
        for (String action : STREAM_READ_ACTIONS) {
            assertThat(resourcesFor(action)).as(action).containsOnly("Ref:SourceTableStreamArn");
        }
    }

    @Test
    void bucketAccessIsLimitedToTheTablesFolderAndItsDescription() {
        // {prefix}/{table}/*: the item objects, _changes/, _quarantine/ and _table.json (BackupLayout).
        for (String action : List.of("s3:PutObject", "s3:DeleteObject")) {
            assertThat(resourcesFor(action)).as(action).containsExactly(
                    "arn:${AWS::Partition}:s3:::${Bucket}/${KeyPrefix}${SourceTableName}/*");
        }
        assertThat(resourcesFor("s3:GetObject")).containsExactly(
                "arn:${AWS::Partition}:s3:::${Bucket}/${KeyPrefix}${SourceTableName}/_table.json");
        for (String action : List.of("s3:ListBucket", "s3:ListBucketVersions", "s3:GetBucketVersioning")) {
            assertThat(resourcesFor(action)).as(action).isNotEmpty().allSatisfy(arn -> assertThat(arn)
                    .matches("arn:\\$\\{AWS::Partition}:s3:::\\$\\{[A-Za-z]+}"));
        }
        assertThat(resourcesFor("sqs:SendMessage")).isNotEmpty().allSatisfy(arn -> {
            assertThat(arn).startsWith("GetAtt:").endsWith(".Arn");
            assertThat(resources.path(arn.substring(7, arn.length() - 4)).path("Type").asText())
                    .isEqualTo("AWS::SQS::Queue");
        });
    }

    @Test
    void listingIsLimitedToTheTablesFolder() {
        List<JsonNode> listing = statementsGranting("s3:ListBucket");
        assertThat(listing).hasSize(1);
        assertThat(statementsGranting("s3:ListBucketVersions")).as("versions listed under the same condition")
                .containsExactlyElementsOf(listing);
        JsonNode sub = listing.get(0).path("Condition").path("StringLike").path("s3:prefix").path("Fn::Sub");
        assertThat(sub.path(0).asText()).isEqualTo("${KeyPrefix}${SourceTableName}/*");
        assertKeyPrefixAndTable(sub.path(1));
    }

    @Test
    void inLogModeTheFunctionMayOnlyAddSegmentsQuarantineFilesAndItsTableDescription() {
        assertThat(template.path("Conditions").path("LogMode").toString()).contains("StorageMode").contains("log");
        assertThat(template.path("Conditions").path("ObjectsMode").toString()).contains("LogMode").contains("Fn::Not");
        String folder = "arn:${AWS::Partition}:s3:::${Bucket}/${KeyPrefix}${SourceTableName}/";
        assertThat(resourcesFor("s3:PutObject", true))
                .containsExactly(folder + "_log/*", folder + "_quarantine/*", folder + "_table.json");
        statementsGranting("s3:PutObject", true).forEach(s -> s.path("Resource")
                .forEach(r -> assertKeyPrefixAndTable(r.path("Fn::Sub").path(1))));
        // No item objects, so nothing to delete, no versions to list and no versioning to check.
        for (String action : List.of("s3:DeleteObject", "s3:ListBucketVersions", "s3:GetBucketVersioning")) {
            assertThat(statementsGranting(action, true)).as(action).isEmpty();
            assertThat(statementsGranting(action, false)).as(action + " in objects mode").isNotEmpty();
        }
        // What both modes need: the table description read back, listings of the folder, checkpoints never.
        assertThat(resourcesFor("s3:GetObject", true)).containsExactly(folder + "_table.json");
        assertThat(statementsGranting("s3:ListBucket", true)).hasSize(1);
        assertThat(iamStatements(true)).filteredOn(s -> "Deny".equals(s.path("Effect").asText()))
                .extracting(s -> s.path("Sid").asText()).containsExactly("NeverWriteCheckpoints");
        for (JsonNode s : iamStatements(true)) {
            assertThat(texts(s.path("Action"))).as(s.path("Sid").asText()).isSubsetOf(allowedActions());
        }
    }

    @Test
    void theVersioningAlarmIsTheObjectsModesOnly() {
        JsonNode alarm = resources.path("BucketVersioningAlarm");
        assertThat(alarm.path("Properties").path("MetricName").asText()).isEqualTo("BucketVersioningDisabled");
        assertThat(alarm.path("Condition").asText()).isEqualTo("ObjectsMode");
        // The created bucket keeps versions in both modes (Object Lock needs them).
        assertThat(bucket().getValue().path("Properties").path("VersioningConfiguration").has("Fn::If")).isFalse();
    }

    @Test
    void theFunctionMayNeverWriteCheckpoints() {
        List<JsonNode> denials = new ArrayList<>();
        iamStatements().forEach(s -> {
            if ("Deny".equals(s.path("Effect").asText())) {
                denials.add(s);
            }
        });
        assertThat(denials).hasSize(1);
        JsonNode deny = denials.get(0);
        assertThat(texts(deny.path("Action"))).containsExactlyInAnyOrder("s3:PutObject", "s3:DeleteObject");
        JsonNode sub = deny.path("Resource").path("Fn::Sub");
        assertThat(sub.path(0).asText())
                .isEqualTo("arn:${AWS::Partition}:s3:::${Bucket}/${KeyPrefix}${SourceTableName}/_checkpoints/*");
        assertKeyPrefixAndTable(sub.path(1));
        // The same bucket as the Allow it takes _checkpoints/ out of.
        JsonNode allow = statementsGranting("s3:PutObject").get(0).path("Resource").path("Fn::Sub").path(1);
        assertThat(sub.path(1).path("Bucket")).isEqualTo(allow.path("Bucket"));
        assertKeyPrefixAndTable(allow);
    }

    @Test
    void tableNameIsReadOutOfTheStreamArnEverywhere() throws IOException {
        JsonNode derivation = new ObjectMapper().readTree(TABLE_NAME_FROM_STREAM_ARN);
        // It reads the name, whatever the partition, and whatever ":" the stream label holds.
        assertThat(evaluate(derivation,
                "arn:aws:dynamodb:us-east-1:123456789012:table/Orders/stream/2024-05-11T21:21:33.291"))
                .isEqualTo("Orders");
        assertThat(evaluate(derivation,
                "arn:aws-cn:dynamodb:cn-north-1:123456789012:table/my.table-v2_x/stream/2024-05-11T21:21:33.291"))
                .isEqualTo("my.table-v2_x");

        List<String> uses = new ArrayList<>();
        walk(template, (key, value) -> {
            if ("Ref".equals(key)) {
                assertThat(value.asText()).as("a Ref").isNotEqualTo("SourceTableName");
            }
            if ("Fn::Sub".equals(key)) {
                String text = value.isArray() ? value.path(0).asText() : value.asText();
                if (text.contains("${SourceTableName}")) {
                    assertThat(value.path(1).path("SourceTableName")).as("${SourceTableName} in %s", text)
                            .isEqualTo(derivation);
                    uses.add(text);
                }
            }
        });
        assertThat(uses).as("Fn::Sub texts naming the table").hasSizeGreaterThanOrEqualTo(10);
        assertThat(dimension(alarm("DynamoDBBackup", "Quarantined"), "TableName")).isEqualTo(derivation);
        assertThat(dimension(alarm("DynamoDBBackup", "BucketVersioningDisabled"), "TableName")).isEqualTo(derivation);
        assertThat(resources.path("CheckpointFunction").path("Properties").path("Environment").path("Variables")
                .path("TableName")).isEqualTo(derivation);
        assertThat(template.path("Outputs").path("SourceTableName").path("Value")).isEqualTo(derivation);
    }

    @Test
    void bucketKmsKeyIsUsableOnlyWhenGivenAndOnlyThroughS3() {
        assertThat(template.path("Conditions").path("HasBucketKmsKey").toString())
                .contains("Fn::Not").contains("BucketKmsKeyArn");
        List<JsonNode> conditional = new ArrayList<>();
        // The backup function's role (the fan-out workers' key statements are FanOutTemplateTest's,
        // the checkpoint function's RetentionTemplateTest's); the storage mode's statements aside.
        String functionRole = function().getValue().path("Properties").path("Role").path("Fn::GetAtt").path(0).asText();
        resourcesOfType("AWS::IAM::Role").entrySet().stream().filter(role -> role.getKey().equals(functionRole))
                .map(Map.Entry::getValue)
                .forEach(role -> role.path("Properties").path("Policies")
                .forEach(p -> p.path("PolicyDocument").path("Statement").forEach(st -> {
                    if (st.has("Fn::If") && !isModeCondition(st)) {
                        conditional.add(st.get("Fn::If"));
                    }
                })));
        assertThat(conditional).hasSize(1);
        JsonNode ifKey = conditional.get(0);
        assertThat(ifKey.path(0).asText()).isEqualTo("HasBucketKmsKey");
        assertThat(ifKey.path(2).path("Ref").asText()).isEqualTo("AWS::NoValue");
        JsonNode kms = ifKey.path(1);
        assertThat(texts(kms.path("Action"))).containsExactlyInAnyOrderElementsOf(KMS_ACTIONS);
        assertThat(resourceStrings(kms.path("Resource"))).containsExactly("Ref:BucketKmsKeyArn");
        assertThat(kms.path("Condition").path("StringEquals").path("kms:ViaService").path("Fn::Sub").asText())
                .isEqualTo("s3.${AWS::Region}.amazonaws.com");
        // Nowhere else.
        for (String action : KMS_ACTIONS) {
            assertThat(statementsGranting(action)).hasSize(1);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Alarms and outputs
    // ---------------------------------------------------------------------------------------------

    @Test
    void iteratorAgeAlarmFiresWellInsideTheDataLossObjective() {
        JsonNode alarm = alarm("AWS/Lambda", "IteratorAge");
        assertThat(alarm.path("Statistic").asText()).isEqualTo("Maximum");
        assertThat(alarm.path("ComparisonOperator").asText()).isIn("GreaterThanThreshold", "GreaterThanOrEqualToThreshold");
        long threshold = alarm.path("Threshold").asLong();
        long evaluationMs = alarm.path("Period").asLong() * alarm.path("EvaluationPeriods").asLong() * 1000;
        assertThat(threshold).isPositive().isLessThanOrEqualTo(DATA_LOSS_OBJECTIVE_MS);
        assertThat(threshold + evaluationMs).as("backlog age when the alarm fires at the latest")
                .isLessThanOrEqualTo(DATA_LOSS_OBJECTIVE_MS);
        assertThat(dimension(alarm, "FunctionName").path("Ref").asText()).isEqualTo(function().getKey());
    }

    /** The alarm fires as soon as {@code statistic} of its metric is above zero. */
    private static void assertFiresAboveZero(JsonNode alarm, String statistic) {
        assertThat(alarm.path("Statistic").asText()).isEqualTo(statistic);
        assertThat(alarm.path("Threshold").asDouble()).isZero();
        assertThat(alarm.path("ComparisonOperator").asText()).isEqualTo("GreaterThanThreshold");
    }

    @Test
    void errorsAlarmWatchesTheFunction() {
        JsonNode alarm = alarm("AWS/Lambda", "Errors");
        assertFiresAboveZero(alarm, "Sum");
        assertThat(alarm.path("Period").asInt() * alarm.path("EvaluationPeriods").asInt()).isLessThanOrEqualTo(300);
        assertThat(dimension(alarm, "FunctionName").path("Ref").asText()).isEqualTo(function().getKey());
    }

    /**
     * The alarm on one of the function's own metrics, per table: it fires as soon as
     * {@code statistic} is above zero, and no data (no batch) is no problem.
     */
    private static JsonNode ownMetricAlarm(String metric, String statistic) {
        JsonNode alarm = alarm("DynamoDBBackup", metric);
        assertFiresAboveZero(alarm, statistic);
        assertThat(alarm.path("TreatMissingData").asText()).isEqualTo("notBreaching");
        assertThat(dimension(alarm, "TableName").toString()).contains("SourceTableStreamArn");
        return alarm;
    }

    @Test
    void quarantinedAlarmWatchesTheFunctionsOwnMetric() {
        ownMetricAlarm("Quarantined", "Sum");
    }

    @Test
    void bucketVersioningAlarmWatchesTheFunctionsVersioningMetric() {
        JsonNode alarm = ownMetricAlarm("BucketVersioningDisabled", "Maximum");
        // The function publishes it on every batch while versioning is off (VersioningCheck): a
        // 5-minute period keeps the alarm on while the table is written.
        assertThat(alarm.path("Period").asInt()).isLessThanOrEqualTo(300);
    }

    @Test
    void failureQueueAlarmWatchesTheOnFailureQueue() {
        JsonNode alarm = alarm("AWS/SQS", "ApproximateNumberOfMessagesVisible");
        assertThat(alarm.path("Threshold").asDouble()).isZero();
        assertThat(alarm.path("ComparisonOperator").asText()).isEqualTo("GreaterThanThreshold");
        String queue = getAttTarget(dimension(alarm, "QueueName"));
        assertThat(queue).isNotNull();
        assertThat(resources.path(queue).path("Type").asText()).isEqualTo("AWS::SQS::Queue");
    }

    @Test
    void everyAlarmNotifiesTheEncryptedTopic() {
        Map<String, JsonNode> topics = resourcesOfType("AWS::SNS::Topic");
        assertThat(topics).hasSize(1);
        String topic = topics.keySet().iterator().next();
        assertThat(topics.get(topic).path("Properties").path("KmsMasterKeyId").isMissingNode())
                .as("topic encryption").isFalse();

        Map<String, JsonNode> alarms = resourcesOfType("AWS::CloudWatch::Alarm");
        assertThat(alarms).hasSizeGreaterThanOrEqualTo(5);
        alarms.forEach((name, alarm) -> assertThat(resourceStrings(alarm.path("Properties").path("AlarmActions")))
                .as("AlarmActions of %s", name).contains("Ref:" + topic));
        // And when it is over: whoever was told of the alarm is told it ended.
        alarms.forEach((name, alarm) -> assertThat(resourceStrings(alarm.path("Properties").path("OKActions")))
                .as("OKActions of %s", name).contains("Ref:" + topic));

        Map<String, JsonNode> subscriptions = resourcesOfType("AWS::SNS::Subscription");
        assertThat(subscriptions).hasSize(1);
        JsonNode subscription = subscriptions.values().iterator().next();
        assertThat(subscription.path("Properties").path("Protocol").asText()).isEqualTo("email");
        assertThat(subscription.path("Properties").path("Endpoint").path("Ref").asText()).isEqualTo("AlarmEmail");
        assertThat(subscription.path("Condition").asText()).as("subscribed only when AlarmEmail is set").isNotEmpty();
    }

    @Test
    void outputsNameWhatOperatorsNeed() {
        JsonNode outputs = template.path("Outputs");
        for (String output : List.of("BackupBucketName", "BackupFunctionArn", "BackupFunctionAliasArn",
                "AlarmTopicArn", "FailureQueueUrl", "BackupFunctionLogGroupName", "SourceTableName")) {
            assertThat(outputs.path(output).path("Value").isMissingNode()).as("output %s", output).isFalse();
        }
        assertThat(outputs.path("BackupFunctionAliasArn").path("Value").path("Ref").asText())
                .isEqualTo(function().getKey() + ".Alias");
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers
    // ---------------------------------------------------------------------------------------------

    /** The backup function (the fan-out's functions are checked by FanOutTemplateTest). */
    private static Map.Entry<String, JsonNode> function() {
        Map<String, JsonNode> functions = resourcesOfType("AWS::Serverless::Function");
        assertThat(functions).as("serverless functions").containsKey(BACKUP_FUNCTION);
        return Map.entry(BACKUP_FUNCTION, functions.get(BACKUP_FUNCTION));
    }

    /** The backup bucket the stack may create (the fan-out's job bucket is FanOutTemplateTest's). */
    private static Map.Entry<String, JsonNode> bucket() {
        Map<String, JsonNode> buckets = resourcesOfType("AWS::S3::Bucket");
        assertThat(buckets).as("buckets").containsKey(BACKUP_BUCKET);
        return Map.entry(BACKUP_BUCKET, buckets.get(BACKUP_BUCKET));
    }

    private static Map<String, JsonNode> resourcesOfType(String type) {
        Map<String, JsonNode> found = new LinkedHashMap<>();
        resources.fields().forEachRemaining(e -> {
            if (type.equals(e.getValue().path("Type").asText())) {
                found.put(e.getKey(), e.getValue());
            }
        });
        return found;
    }

    private static JsonNode alarm(String namespace, String metric) {
        List<JsonNode> matches = new ArrayList<>();
        resourcesOfType("AWS::CloudWatch::Alarm").values().forEach(a -> {
            JsonNode p = a.path("Properties");
            boolean otherFunction = p.path("Dimensions").toString().contains("\"FunctionName\"")
                    && !p.path("Dimensions").toString().contains("\"" + BACKUP_FUNCTION + "\"");
            if (namespace.equals(p.path("Namespace").asText()) && metric.equals(p.path("MetricName").asText())
                    && !otherFunction) {
                matches.add(p);
            }
        });
        assertThat(matches).as("alarm on %s %s", namespace, metric).hasSize(1);
        return matches.get(0);
    }

    private static JsonNode dimension(JsonNode alarm, String name) {
        for (JsonNode d : alarm.path("Dimensions")) {
            if (name.equals(d.path("Name").asText())) {
                return d.path("Value");
            }
        }
        throw new AssertionError("alarm " + alarm.path("MetricName").asText() + " has no dimension " + name);
    }

    /**
     * The statements of every identity policy in the template (roles, policies, SAM Policies); a
     * statement included under a condition ({@code Fn::If [Condition, Statement, AWS::NoValue]})
     * counts as its statement.
     */
    /** The function role's statements in the default storage mode (objects). */
    private static List<JsonNode> iamStatements() {
        return iamStatements(false);
    }

    /**
     * The function role's statements with the storage mode's conditions (LogMode, ObjectsMode)
     * decided; of any other conditional statement, its statement.
     */
    private static List<JsonNode> iamStatements(boolean logMode) {
        List<JsonNode> statements = new ArrayList<>();
        for (JsonNode st : iamStatementsAsWritten()) {
            JsonNode resolved = inMode(st, logMode);
            if (!resolved.path("Ref").asText().equals("AWS::NoValue")) {
                statements.add(resolved);
            }
        }
        return statements;
    }

    /** {@code node} with every {@code Fn::If} on LogMode or ObjectsMode replaced by the branch the mode takes. */
    private static JsonNode inMode(JsonNode node, boolean logMode) {
        if (node.isObject() && node.has("Fn::If")) {
            JsonNode fnIf = node.get("Fn::If");
            String condition = fnIf.path(0).asText();
            if (condition.equals("LogMode") || condition.equals("ObjectsMode")) {
                return inMode(fnIf.path(condition.equals("LogMode") == logMode ? 1 : 2), logMode);
            }
        }
        if (node.isObject()) {
            com.fasterxml.jackson.databind.node.ObjectNode copy = ((com.fasterxml.jackson.databind.node.ObjectNode) node).deepCopy();
            node.fields().forEachRemaining(f -> copy.set(f.getKey(), inMode(f.getValue(), logMode)));
            return copy;
        }
        if (node.isArray()) {
            com.fasterxml.jackson.databind.node.ArrayNode copy = ((com.fasterxml.jackson.databind.node.ArrayNode) node).deepCopy();
            for (int i = 0; i < node.size(); i++) {
                copy.set(i, inMode(node.get(i), logMode));
            }
            return copy;
        }
        return node;
    }

    private static List<JsonNode> iamStatementsAsWritten() {
        List<JsonNode> statements = new ArrayList<>();
        // The backup function's role; the fan-out's roles (Condition FanOutEnabled) are FanOutTemplateTest's,
        // the checkpoint function's RetentionTemplateTest's.
        String functionRole = function().getValue().path("Properties").path("Role").path("Fn::GetAtt").path(0).asText();
        resourcesOfType("AWS::IAM::Role").entrySet().stream().filter(role -> role.getKey().equals(functionRole))
                .map(Map.Entry::getValue)
                .forEach(role -> role.path("Properties").path("Policies")
                .forEach(p -> p.path("PolicyDocument").path("Statement")
                        .forEach(st -> statements.add(st.has("Fn::If") && !isModeCondition(st) ? st.get("Fn::If").path(1) : st))));
        resourcesOfType("AWS::IAM::Policy").values().forEach(p -> p.path("Properties").path("PolicyDocument")
                .path("Statement").forEach(statements::add));
        resourcesOfType("AWS::IAM::ManagedPolicy").values().forEach(p -> p.path("Properties").path("PolicyDocument")
                .path("Statement").forEach(statements::add));
        resourcesOfType("AWS::Serverless::Function").values().forEach(f -> f.path("Properties").path("Policies")
                .forEach(p -> p.path("Statement").forEach(statements::add)));
        return statements;
    }

    private static boolean isModeCondition(JsonNode statement) {
        return List.of("LogMode", "ObjectsMode").contains(statement.path("Fn::If").path(0).asText());
    }

    private static Set<String> actionsGranted(List<JsonNode> statements) {
        Set<String> actions = new LinkedHashSet<>();
        statements.forEach(s -> actions.addAll(texts(s.path("Action"))));
        return actions;
    }

    private static Set<String> allowedActions() {
        Set<String> all = new LinkedHashSet<>(ALLOWED_ACTIONS);
        all.addAll(KMS_ACTIONS);
        return all;
    }

    /** The Allow statements that grant {@code action}. */
    private static List<JsonNode> statementsGranting(String action) {
        return statementsGranting(action, false);
    }

    private static List<JsonNode> statementsGranting(String action, boolean logMode) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode s : iamStatements(logMode)) {
            if ("Allow".equals(s.path("Effect").asText()) && texts(s.path("Action")).contains(action)) {
                found.add(s);
            }
        }
        return found;
    }

    /** The resources of every Allow statement that grants {@code action}. */
    private static List<String> resourcesFor(String action) {
        return resourcesFor(action, false);
    }

    private static List<String> resourcesFor(String action, boolean logMode) {
        return statementsGranting(action, logMode).stream().flatMap(s -> resourceStrings(s.path("Resource")).stream())
                .toList();
    }

    /**
     * A policy resource as text: a literal as is, {@code Fn::Sub} as its template string,
     * {@code Ref} as "Ref:Name", {@code Fn::GetAtt} as "GetAtt:Name.Attribute".
     */
    private static List<String> resourceStrings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> out.addAll(resourceStrings(n)));
        } else if (node.isTextual()) {
            out.add(node.asText());
        } else if (node.has("Ref")) {
            out.add("Ref:" + node.get("Ref").asText());
        } else if (node.has("Fn::Sub")) {
            JsonNode sub = node.get("Fn::Sub");
            out.add(sub.isArray() ? sub.path(0).asText() : sub.asText());
        } else if (node.has("Fn::GetAtt")) {
            JsonNode att = node.get("Fn::GetAtt");
            out.add("GetAtt:" + (att.isArray() ? att.path(0).asText() + "." + att.path(1).asText() : att.asText()));
        } else if (!node.isMissingNode()) {
            out.add(node.toString());
        }
        return out;
    }

    /** An Fn::Sub's variables: KeyPrefix is "PREFIX/" or "", the table is the stream's. */
    private static void assertKeyPrefixAndTable(JsonNode variables) {
        JsonNode ifPrefix = variables.path("KeyPrefix").path("Fn::If");
        assertThat(ifPrefix.path(0).asText()).isEqualTo("HasBackupPrefix");
        assertThat(template.path("Conditions").path("HasBackupPrefix").toString()).contains("BackupPrefix");
        assertThat(ifPrefix.path(1).path("Fn::Sub").asText()).isEqualTo("${BackupPrefix}/");
        assertThat(ifPrefix.path(2).asText("missing")).isEmpty();
        assertThat(variables.path("SourceTableName").toString()).contains("SourceTableStreamArn");
    }

    /** Evaluates Ref SourceTableStreamArn, Fn::Split and Fn::Select as CloudFormation does. */
    private static String evaluate(JsonNode expression, String streamArn) {
        List<String> value = evaluateList(expression, streamArn);
        assertThat(value).hasSize(1);
        return value.get(0);
    }

    private static List<String> evaluateList(JsonNode expression, String streamArn) {
        if (expression.isTextual()) {
            return List.of(expression.asText());
        }
        if (expression.has("Ref")) {
            assertThat(expression.get("Ref").asText()).isEqualTo("SourceTableStreamArn");
            return List.of(streamArn);
        }
        if (expression.has("Fn::Split")) {
            String delimiter = expression.get("Fn::Split").path(0).asText();
            return List.of(evaluate(expression.get("Fn::Split").path(1), streamArn).split(Pattern.quote(delimiter), -1));
        }
        JsonNode select = expression.get("Fn::Select");
        assertThat(select).as("Ref, Fn::Split or Fn::Select: %s", expression).isNotNull();
        return List.of(evaluateList(select.path(1), streamArn).get(select.path(0).asInt()));
    }

    private static String getAttTarget(JsonNode node) {
        JsonNode att = node.path("Fn::GetAtt");
        if (att.isArray()) {
            return att.path(0).asText();
        }
        return att.isTextual() ? att.asText().split("\\.", 2)[0] : null;
    }

    private static String principal(JsonNode statement) {
        JsonNode p = statement.path("Principal");
        return p.isTextual() ? p.asText() : p.path("AWS").asText();
    }

    private static boolean isDeclared(String name, Set<String> parameters, Set<String> resourceNames) {
        if (PSEUDO_PARAMETERS.contains(name) || parameters.contains(name) || resourceNames.contains(name)) {
            return true;
        }
        // SAM: "Function.Alias" / "Function.Version" of a function with AutoPublishAlias.
        int dot = name.lastIndexOf('.');
        if (dot > 0 && List.of("Alias", "Version").contains(name.substring(dot + 1))) {
            JsonNode resource = resources.path(name.substring(0, dot));
            return "AWS::Serverless::Function".equals(resource.path("Type").asText())
                    && resource.path("Properties").has("AutoPublishAlias");
        }
        return false;
    }

    private static Set<String> subVariables(String text) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = SUB_VARIABLE.matcher(text);
        while (m.find()) {
            names.add(m.group(1).strip());
        }
        return names;
    }

    /** Calls {@code visitor} with every (field name, value) pair of every object in the tree. */
    private static void walk(JsonNode node, BiConsumer<String, JsonNode> visitor) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                visitor.accept(field.getKey(), field.getValue());
                walk(field.getValue(), visitor);
            }
        } else if (node.isArray()) {
            node.forEach(n -> walk(n, visitor));
        }
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new LinkedHashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> texts(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else if (!node.isMissingNode() && !node.isNull()) {
            out.add(node.asText());
        }
        return out;
    }

    private static void assertRange(JsonNode parameter, int def, int min, int max) {
        assertThat(parameter.path("Type").asText()).isEqualTo("Number");
        assertThat(parameter.path("Default").asInt()).isEqualTo(def);
        assertThat(parameter.path("MinValue").asInt()).isEqualTo(min);
        assertThat(parameter.path("MaxValue").asInt()).isEqualTo(max);
    }
}
