package io.martflow.warehouse;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.cloud.secretmanager.v1.AccessSecretVersionRequest;
import com.google.cloud.secretmanager.v1.AccessSecretVersionResponse;
import com.google.cloud.secretmanager.v1.SecretManagerServiceSettings;
import com.google.cloud.secretmanager.v1.SecretPayload;
import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Secret Manager client as SecretManagerAccess drives it, against an in-process server that
 * speaks Secret Manager's gRPC protocol (no network, no GCP): the right version is asked for, the
 * payload comes back without its line end, and a refusal is one line that names the secret and the
 * role, never a value.
 */
class SecretManagerAccessTest {
  static final String VERSION = "projects/martflow-prod/secrets/martflow-loader-password/versions/latest";
  static final Map<String, String> SECRETS = Map.of(VERSION, "s3cr3t-Pässword\n");
  final List<String> asked = new CopyOnWriteArrayList<>();
  Server server;
  ManagedChannel channel;

  @BeforeEach
  void startServer() throws Exception {
    MethodDescriptor<AccessSecretVersionRequest, AccessSecretVersionResponse> access =
        MethodDescriptor.<AccessSecretVersionRequest, AccessSecretVersionResponse>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName("google.cloud.secretmanager.v1.SecretManagerService/AccessSecretVersion")
            .setRequestMarshaller(ProtoUtils.marshaller(AccessSecretVersionRequest.getDefaultInstance()))
            .setResponseMarshaller(ProtoUtils.marshaller(AccessSecretVersionResponse.getDefaultInstance()))
            .build();
    ServerServiceDefinition service = ServerServiceDefinition.builder("google.cloud.secretmanager.v1.SecretManagerService")
        .addMethod(access, ServerCalls.asyncUnaryCall((request, response) -> {
          asked.add(request.getName());
          String value = SECRETS.get(request.getName());
          if (value == null) {
            response.onError(Status.PERMISSION_DENIED.withDescription("denied").asRuntimeException());
            return;
          }
          response.onNext(AccessSecretVersionResponse.newBuilder().setName(request.getName())
              .setPayload(SecretPayload.newBuilder().setData(ByteString.copyFromUtf8(value))).build());
          response.onCompleted();
        }))
        .build();
    String name = "secret-manager-" + System.nanoTime();
    server = InProcessServerBuilder.forName(name).addService(service).directExecutor().build().start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  @AfterEach
  void stopServer() {
    channel.shutdownNow();
    server.shutdownNow();
  }

  SecretManagerServiceSettings settings() throws Exception {
    return SecretManagerServiceSettings.newBuilder()
        .setTransportChannelProvider(FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel)))
        .setCredentialsProvider(NoCredentialsProvider.create())
        .build();
  }

  @Test
  void readsThePayloadOfTheNamedVersion() throws Exception {
    assertThat(SecretManagerAccess.fetch(VERSION, settings()), equalTo("s3cr3t-Pässword"));
    assertThat(asked, equalTo(List.of(VERSION)));
  }

  @Test
  void aRefusalIsOneLineWithTheSecretNameAndTheRoleAndNoValue() throws Exception {
    String other = "projects/martflow-prod/secrets/other/versions/2";
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> SecretManagerAccess.fetch(other, settings()));
    assertThat(e.getMessage(), containsString("cannot read Secret Manager secret " + other + ": PERMISSION_DENIED"));
    assertThat(e.getMessage(), containsString("roles/secretmanager.secretAccessor"));
    assertThat(e.getMessage(), not(containsString("\n")));
  }

  @Test
  void onlySecretVersionNamesAreAskedFor() throws Exception {
    for (String bad : new String[] {"martflow-loader-password", "projects/p/secrets/s", "projects/martflow-prod/secrets/s/versions/0",
        "projects/martflow-prod/secrets/s/versions/latest/extra"}) {
      assertThrows(IllegalArgumentException.class, () -> SecretManagerAccess.fetch(bad, settings()), bad);
    }
    assertThat(asked, equalTo(List.of()));
    assertThat(SecretRef.SECRET_VERSION.matcher("projects/123456789/secrets/pw/versions/7").matches(), equalTo(true));
  }

  @Test
  void aSecretReferenceNeverPrintsItsValue() {
    SecretRef ref = SecretRef.parse("secret:" + VERSION);
    assertThat(ref.toString(), equalTo("secret:" + VERSION));
    assertThat(new ConnectionSpec("jdbc:postgresql://db/martflow", "loader", ref).toString(), not(containsString("s3cr3t")));
    assertThat(SecretRef.parse("iam"), equalTo(SecretRef.IAM));
  }
}
