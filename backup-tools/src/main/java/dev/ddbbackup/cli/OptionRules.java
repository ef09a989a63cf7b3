package dev.ddbbackup.cli;

import dev.ddbbackup.fanout.JobRequest;
import java.net.URI;
import java.util.List;
import java.util.function.DoublePredicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * The values every command's options must have, checked when the command line is parsed, before
 * the command builds a client: a wrong value is a usage error (exit 2) that costs no request and
 * writes nothing, instead of a failure half-way (a restore that read the whole backup before it
 * found {@code --max-wcu -1}, a fan-out that asked Step Functions about {@code not-an-arn}).
 * The rules go by option name, whichever command or option group declares the option. Times are
 * checked (and refused in the future) by their own converter, {@link PointInTime}.
 */
final class OptionRules {

    /** A state machine's ARN: partition, region, account, name (Step Functions' own pattern, simplified). */
    private static final Pattern STATE_MACHINE_ARN =
            Pattern.compile("arn:aws[a-z-]*:states:[a-z0-9-]+:\\d{12}:stateMachine:[A-Za-z0-9_.-]{1,80}");
    private static final List<String> ENDPOINTS = List.of("--endpoint", "--s3-endpoint", "--dynamodb-endpoint",
            "--stepfunctions-endpoint");

    private record Range(String option, DoublePredicate valid, String rule) {
    }

    private static final List<Range> RANGES = List.of(
            new Range("--segments", v -> v >= 1 && v <= 1_000_000, "from 1 to 1000000"),
            new Range("--segment", v -> v >= 0, "0 or more"),
            new Range("--concurrency", v -> v >= 1, "at least 1"),
            new Range("--write-concurrency", v -> v >= 1, "at least 1"),
            new Range("--threads", v -> v >= 1, "at least 1"),
            new Range("--max-wcu", v -> v >= 0, "0 (no cap) or more"),
            new Range("--max-rcu", v -> v > 0, "positive"),
            new Range("--max-file-mb", v -> v > 0, "positive"),
            new Range("--retention-days", v -> v >= 0, "0 (none) or more"),
            new Range("--poll-seconds", v -> v >= 1, "at least 1"),
            new Range("--partitions", v -> v == 16 || v == 256 || v == 4096, "16, 256 or 4096"));

    private OptionRules() {
    }

    /** Checks the options of {@code command} (the subcommand that runs); a wrong one is a {@link ParameterException}. */
    static void check(CommandLine command) {
        CommandSpec spec = command.getCommandSpec();
        for (Range range : RANGES) {
            Object value = value(spec, range.option());
            if (value instanceof Number n && !range.valid().test(n.doubleValue())) {
                throw new ParameterException(command, range.option() + " must be " + range.rule() + ", was " + value);
            }
        }
        for (String option : ENDPOINTS) {
            if (value(spec, option) instanceof URI uri && (uri.getScheme() == null || uri.getHost() == null
                    || !uri.getScheme().matches("https?"))) {
                throw new ParameterException(command, option + " must be a URL like http://localhost:4566, was '" + uri + "'");
            }
        }
        if (value(spec, "--on-step-functions") instanceof String arn) {
            checkStepFunctions(command, arn);
        }
    }

    /** With {@code --on-step-functions}: the ARN's form, and the segments the state machine's Map can take. */
    private static void checkStepFunctions(CommandLine command, String arn) {
        if (!STATE_MACHINE_ARN.matcher(arn).matches()) {
            throw new ParameterException(command, "--on-step-functions must be a state machine ARN like"
                    + " arn:aws:states:eu-west-1:123456789012:stateMachine:NAME (the stack's output), was '" + arn + "'");
        }
        CommandSpec spec = command.getCommandSpec();
        if (value(spec, "--segments") instanceof Integer segments) {
            // The command's own fanned-out default (changes and revert: 256) when --partitions is not given.
            int partitions = mixins(spec).map(CommandSpec::userObject)
                    .filter(FanOutOptions.class::isInstance).map(o -> ((FanOutOptions) o).width().count())
                    .findFirst().orElse(value(spec, "--partitions") instanceof Integer p ? p : 4096);
            try {
                JobRequest.requireSegments(segments, partitions);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(command, "--segments with --on-step-functions: " + e.getMessage());
            }
        }
    }

    /** The option groups of {@code spec}, and theirs (changes and revert fan out within their window's). */
    private static Stream<CommandSpec> mixins(CommandSpec spec) {
        return spec.mixins().values().stream().flatMap(m -> Stream.concat(Stream.of(m), mixins(m)));
    }

    private static Object value(CommandSpec spec, String option) {
        OptionSpec o = spec.findOption(option);
        return o == null ? null : o.getValue();
    }
}
