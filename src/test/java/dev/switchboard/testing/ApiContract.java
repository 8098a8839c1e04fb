package dev.switchboard.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * docs/openapi.yaml as the tests hold the gateway to it. {@link Rest} hands every response it gets
 * to {@link #check}: an answer to an operation the document describes must be one of that
 * operation's responses, with the headers and the body its schema says, or the test fails.
 * Answers to what the document does not describe (the socket transports' HTTP requests, paths the
 * gateway does not serve) pass unchecked; {@code OpenApiTest} shows that the document and the
 * router agree on what is described.
 */
public final class ApiContract {
  /** The document, read from the source tree: the one the build puts in the jar. */
  public static final String DOCUMENT = "docs/openapi.yaml";
  private static final long LOAD_SECONDS = 30;

  private ApiContract() {
  }

  /** Loaded once per test JVM, on first use; its Vert.x instance lives as long as the JVM. */
  private static final class Loaded {
    static final Vertx VERTX = Vertx.vertx();
    static final OpenAPIContract CONTRACT = await(OpenAPIContract.from(VERTX, DOCUMENT));
    static final ResponseValidator VALIDATOR = ResponseValidator.create(VERTX, CONTRACT);
  }

  /** The parsed document. */
  public static OpenAPIContract contract() {
    return Loaded.CONTRACT;
  }

  /**
   * Fails with the validator's reason unless the response is one the document allows for
   * {@code method} on {@code path} (its query, if any, is ignored); passes if the document does not
   * describe that operation.
   *
   * @param contentType the {@code Content-Type} header, or null when there is no body
   * @param body        the body's text, empty when there is none
   */
  public static void check(String method, String path, int status, Map<String, String> headers, String contentType,
                           String body) {
    String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    Operation operation = contract().findOperation(bare, HttpMethod.valueOf(method));
    if (operation == null) {
      return;
    }
    // The document names media types (application/json), a header carries parameters too (charset)
    String mediaType = contentType == null ? null : contentType.split(";")[0].trim();
    var response = ValidatableResponse.create(status, headers, body.isEmpty() ? null : Buffer.buffer(body), mediaType);
    try {
      await(Loaded.VALIDATOR.validate(response, operation.getOperationId()));
    } catch (AssertionError e) {
      throw new AssertionError(method + " " + path + " answered " + status + " " + body
        + ", which docs/openapi.yaml does not allow: " + e.getMessage(), e.getCause());
    }
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(LOAD_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError(e.getCause().getMessage(), e.getCause());
    } catch (Exception e) {
      throw new AssertionError(e.toString(), e);
    }
  }
}
