package dev.switchboard.channels;

import dev.switchboard.auth.Role;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.testing.ChildNode;
import dev.switchboard.testing.FakePlatform;
import dev.switchboard.testing.Rest;
import dev.switchboard.testing.TestCluster;
import dev.switchboard.testing.WsJsonClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.switchboard.channels.TelegramFixtures.BOT_TOKEN;
import static dev.switchboard.channels.TelegramFixtures.SECRET;
import static dev.switchboard.channels.TelegramFixtures.telegramChannel;
import static dev.switchboard.channels.TelegramFixtures.telegramHook;
import static dev.switchboard.channels.TelegramFixtures.update;
import static dev.switchboard.testing.TestCluster.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A reply whose node is SIGKILLed while its send to Telegram is in flight. The outbox makes the send
 * at least once: another node takes the reply over when the killed node's claim runs out. Telegram
 * takes no idempotency key, so whether the customer then sees it once depends on the platform: the
 * fake counts a send taken only when its answer reaches a live sender (see {@link FakePlatform}).
 */
@DisplayName("A node killed while it sends a reply to Telegram")
class ChannelNodeKillTest {

  @Test
  @DisplayName("another node sends the reply once the claim runs out: the platform receives it twice and takes it once, as it never answered the killed node")
  void killedMidSend() throws Exception {
    Vertx client = Vertx.vertx();
    // no node in this JVM at first: the child must be the one that claims the reply, and only it can be killed
    try (var telegram = new FakePlatform();
         var cluster = TestCluster.start(0, new JsonObject().put(ConfigKeys.TELEGRAM_API_URL, telegram.url()));
         // the child's sends arrive under /doomed, so the fake tells whose request it holds
         var doomed = ChildNode.start(cluster, new JsonObject().put(ConfigKeys.TELEGRAM_API_URL, telegram.url() + "/doomed"))) {
      String dept = TestCluster.fresh("d");
      String admin = cluster.token("root", Role.ADMIN);
      String agent = cluster.token(TestCluster.fresh("a"), Role.AGENT, dept);
      JsonObject channel = telegramChannel(doomed.port(), admin, dept);
      assertEquals(200, telegramHook(doomed.port(), channel, SECRET, update(9001, 5550009, "Where is my order?")).status());
      String ticketId = Rest.get(doomed.port(), "/tickets?departmentId=" + dept, admin).body().getJsonArray("tickets")
        .getJsonObject(0).getString("id");

      telegram.holdNext();
      assertEquals(201, Rest.post(doomed.port(), "/tickets/" + ticketId + "/messages", agent,
        new JsonObject().put("body", "It ships today").encode()).status());
      String sendMessage = "/bot" + BOT_TOKEN + "/sendMessage";
      assertEquals("/doomed" + sendMessage, eventually("the killed-to-be node's send held by the fake", telegram::heldPath,
        path -> path != null));

      // the survivor joins only now, so the claim was the child's; it hears the outcome on the ticket's chat
      int survivor = cluster.startNode();
      try (var chat = WsJsonClient.connect(client, cluster.port(survivor), "/ws/chat/" + ticketId + "/?token=" + agent)) {
        chat.assertNext("recent_messages");
        doomed.kill();
        eventually("the fake sees the killed node's connection close", telegram::heldSenderGone, gone -> gone);
        telegram.release();

        // the claim is 10 s from the child's send; the survivor's send follows within a poll
        JsonObject result = chat.nextOf("external_send_result", 15);
        assertEquals(new JsonObject().put("success", true).put("platform", "telegram"), result.getJsonObject("external_send_result"));
      }
      // the result is told once the reply is settled sent, and no node claims a settled reply: these counts are final
      JsonObject text = new JsonObject().put("chat_id", "5550009").put("text", "It ships today");
      List<FakePlatform.Received> received = telegram.received();
      assertEquals(List.of(new FakePlatform.Received("/doomed" + sendMessage, null, text, FakePlatform.UNANSWERED),
          new FakePlatform.Received(sendMessage, null, text, 200)), received,
        "the killed node's request, never answered, then the survivor's");
      assertEquals(1, telegram.accepted().size(), "taken once: " + received);
    } finally {
      TestCluster.await(client.close());
    }
  }
}
