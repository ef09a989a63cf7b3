package dev.ddbbackup.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TableArnTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "arn:aws:dynamodb:us-east-1:123456789012:table/Orders/stream/2026-11-20T00:00:00.000",
        "arn:aws:dynamodb:us-east-1:123456789012:table/Orders",
        "arn:aws-cn:dynamodb:cn-north-1:123456789012:table/Orders/stream/label:with:colons",
    })
    void tableNameOfStreamAndTableArns(String arn) {
        assertThat(TableArn.tableName(arn)).isEqualTo("Orders");
    }

    @ParameterizedTest
    @ValueSource(strings = {"...", "a.b", "x_y-z.1", "_changes"})
    void dynamoDbAllowsDotsButNeverADotSegment(String table) {
        assertThat(TableArn.tableName("arn:aws:dynamodb:us-east-1:1:table/" + table + "/stream/x")).isEqualTo(table);
        assertThat(BackupLayout.withPrefix("bk").tableRoot(table)).isEqualTo("bk/" + table + "/");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
        "arn:aws:s3:::bucket/table/x",
        "arn:aws:dynamodb:us-east-1:123456789012:index/Orders",
        "arn:aws:dynamodb:us-east-1:123456789012:table/",
        "arn:aws:dynamodb:us-east-1:123456789012:table//stream/x",
        "arn:aws:dynamodb:us-east-1:123456789012:table/../stream/x",
        "arn:aws:dynamodb:us-east-1:123456789012:table/./stream/x",
        "arn:aws:dynamodb:us-east-1:123456789012:table/ab/stream/x",
        "arn:aws:dynamodb:us-east-1:123456789012:table/Or ders/stream/x",
        "arn:aws:dynamodb:us-east-1:123456789012:table/Orders%2F/stream/x",
        "not-an-arn",
    })
    void anythingElseIsRejected(String arn) {
        assertThatThrownBy(() -> TableArn.tableName(arn)).isInstanceOf(IllegalArgumentException.class);
    }
}
