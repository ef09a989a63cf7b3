package dev.ddbbackup.function;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An HTTP client that answers every request itself, in memory, as S3 answers a PutObject: 200 with
 * a version id. For {@link Priming} only: the SDK runs its whole request path (marshalling,
 * endpoint rules, signing, checksums, the body read to its end) and nothing leaves the process.
 */
final class AnsweringS3HttpClient implements SdkHttpClient {

    private final AtomicLong requests = new AtomicLong();

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                if (request.contentStreamProvider().isPresent()) {
                    ContentStreamProvider body = request.contentStreamProvider().get();
                    try (InputStream in = body.newStream()) {
                        in.transferTo(OutputStream.nullOutputStream());
                    }
                }
                long n = requests.incrementAndGet();
                SdkHttpResponse response = SdkHttpResponse.builder().statusCode(200)
                        .putHeader("x-amz-version-id", "priming-" + n)
                        .putHeader("ETag", "\"priming\"")
                        .putHeader("Content-Length", "0")
                        .build();
                return HttpExecuteResponse.builder().response(response)
                        .responseBody(AbortableInputStream.create(InputStream.nullInputStream())).build();
            }

            @Override
            public void abort() {
            }
        };
    }

    long requests() {
        return requests.get();
    }

    @Override
    public String clientName() {
        return "priming";
    }

    @Override
    public void close() {
    }
}
