package dev.switchboard.http;

import com.sun.net.httpserver.HttpServer;
import dev.switchboard.auth.Role;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.GatewayConfig.JwtSettings;
import dev.switchboard.testing.BridgeClient;
import dev.switchboard.testing.Browser;
import dev.switchboard.testing.Rest;
import dev.switchboard.testing.TcpProxy;
import dev.switchboard.testing.TestCluster;
import dev.switchboard.testing.TwoNodeClusterTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console in real Chromium: an agent's inbox in one browser, reaching node A through a load
 * balancer; a customer's widget in another, embedded in a shop's page from another origin and
 * talking to node B; an admin in a third. The tests are one support conversation, in order.
 * Screenshots of every page go to target/screenshots/.
 */
@DisplayName("The web console, in a real browser")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest extends TwoNodeClusterTest {
  private static final String WIDGET = "#switchboard-widget";
  private static final String PERSIAN = "سلام، چاپگر من کار نمی‌کند";
  /** The form controls under arguments[0] (or in its shadow root) that a screen reader could not name: no label, aria-label or text. */
  private static final String UNNAMED_CONTROLS = "return Array.from((arguments[0].shadowRoot || arguments[0])"
    + ".querySelectorAll('input, select, textarea, button'))"
    + ".filter(c => !(c.labels && c.labels.length) && !c.getAttribute('aria-label') && !c.textContent.trim())"
    + ".map(c => c.outerHTML)";

  private HttpServer shop;
  private TcpProxy balancer;
  private Browser agent;
  private Browser customer;
  private Browser admin;
  private final String agentId = TestCluster.fresh("agent-");
  private final String customerId = TestCluster.fresh("cust-");
  private final String subject = TestCluster.fresh("Printer on fire ");
  private SearchContext widget;

  @Override
  @BeforeAll
  protected void startCluster() {
    shop = shop();
    // the development secret, so the one-click sign-in is offered; the shop's origin, so its widget may call
    cluster = TestCluster.start(2, new JsonObject().put(ConfigKeys.JWT_SECRET, JwtSettings.DEVELOPMENT_SECRET)
      .put(ConfigKeys.CORS_ORIGINS, shopOrigin()));
    balancer = TcpProxy.start(cluster.port(A), cluster.port(B));
    agent = Browser.start();
    customer = Browser.start();
    admin = Browser.start();
  }

  @Override
  @AfterAll
  protected void stopCluster() {
    for (AutoCloseable resource : new AutoCloseable[]{agent, customer, admin, balancer}) {
      try {
        if (resource != null) {
          resource.close();
        }
      } catch (Exception e) {
        // the next one is closed all the same
      }
    }
    shop.stop(0);
    super.stopCluster();
  }

  /** A shop's page on another origin (localhost, not 127.0.0.1) with the widget's one line for a gateway and token. */
  private static HttpServer shop() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext("/", exchange -> {
        String query = URLDecoder.decode(String.valueOf(exchange.getRequestURI().getRawQuery()), StandardCharsets.UTF_8);
        String gateway = query.replaceAll(".*gateway=([0-9]+).*", "$1");
        String token = query.replaceAll(".*token=([A-Za-z0-9._-]+).*", "$1");
        byte[] page = ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Acme shop</title></head>"
          + "<body><h1>Acme shop</h1><p>Everything for your printer.</p>"
          + "<script src=\"http://127.0.0.1:" + gateway + "/console/widget.js\" data-token=\"" + token + "\"></script>"
          + "</body></html>").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(200, page.length);
        exchange.getResponseBody().write(page);
        exchange.close();
      });
      server.start();
      return server;
    } catch (IOException e) {
      throw new AssertionError("the shop's page server did not start: " + e, e);
    }
  }

  private String shopOrigin() {
    return "http://localhost:" + shop.getAddress().getPort();
  }

  private WebElement inWidget(String css) {
    return widget.findElement(By.cssSelector(css));
  }

  private static void type(WebElement field, CharSequence... keys) {
    field.sendKeys(keys);
  }

  /** Empties a text field the way a person does, so the page hears the input. */
  private static void erase(WebElement field) {
    field.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
  }

  private WebElement agentMessage(String text) {
    return agent.untilText(agent.find("body"), "#messages li", text);
  }

  private WebElement customerMessage(String text) {
    return customer.untilText(widget, "#sbw-messages li", text);
  }

  @Test
  @Order(1)
  @DisplayName("an agent on node A and a customer's widget on node B exchange messages both ways, Persian shown right to left")
  void chat() {
    agent.open("http://127.0.0.1:" + balancer.port() + "/console/?token=" + cluster.token(agentId, Role.AGENT));
    agent.untilText(agent.find("body"), "#connection", "Connected");
    assertFalse(agent.script("return location.search").toString().contains("token"), "the token leaves the address bar");

    customer.open(shopOrigin() + "/?gateway=" + cluster.port(B) + "&token=" + cluster.token(customerId, Role.CUSTOMER));
    widget = customer.shadow(WIDGET);
    customer.untilText(widget, "#sbw-bubble", "Chat with us").click();
    customer.untilText(widget, "#sbw-connection", "Connected");
    type(inWidget("#sbw-subject"), subject);
    type(inWidget("#sbw-first"), PERSIAN);
    inWidget("#sbw-open").click();
    customerMessage(PERSIAN);
    customer.untilText(widget, "#sbw-status", "Status: Open");

    WebElement listed = agent.untilText(agent.find("body"), "#ticket-list .item", subject);
    String ticketId = listed.getAttribute("data-id");
    agent.untilText(agent.find("body"), "[data-unread-for='" + ticketId + "']", "1 unread");
    agent.screenshot("inbox-ticket-list");
    listed.click();
    WebElement persian = agentMessage(PERSIAN).findElement(By.cssSelector(".sb-body"));
    assertEquals("auto", persian.getAttribute("dir"));
    assertEquals("rtl", agent.script("return getComputedStyle(arguments[0]).direction", persian));
    agent.untilText(agent.find("body"), "#ticket-people", "User " + customerId);

    type(agent.find("#compose-text"), "We are on it", Keys.ENTER);
    customerMessage("We are on it");
    type(inWidget("#sbw-text"), "Thank you", Keys.ENTER);
    agentMessage("Thank you");
    agent.untilText(agent.find("body"), "#pane-title", subject);
    agent.screenshot("inbox-ticket");
    customer.screenshot("widget-chat");
  }

  @Test
  @Order(2)
  @DisplayName("an internal note is shown to the agent as a note, and never reaches the widget")
  void internalNote() {
    String note = TestCluster.fresh("note-");
    String marker = TestCluster.fresh("marker-");
    agent.find("#compose-internal").click();
    assertTrue(agent.find("#compose").getAttribute("class").contains("internal"), "the compose box looks like a note");
    type(agent.find("#compose-text"), note, Keys.ENTER);
    WebElement shown = agentMessage(note);
    assertTrue(shown.getAttribute("class").contains("sb-internal"));
    assertTrue(shown.getText().contains("Internal note: only staff see this"), shown.getText());
    agent.find("#compose-internal").click();
    type(agent.find("#compose-text"), marker, Keys.ENTER);

    customerMessage(marker);
    List<String> seen = widget.findElements(By.cssSelector("#sbw-messages li")).stream().map(WebElement::getText).toList();
    assertTrue(seen.stream().noneMatch(text -> text.contains(note)), "the note reached the widget: " + seen);
    assertTrue(widget.findElements(By.cssSelector(".sb-internal")).isEmpty());
    agent.screenshot("inbox-internal-note");
  }

  @Test
  @Order(3)
  @DisplayName("typing shows in the other browser, both ways, and clears when the typist stops")
  void typing() {
    WebElement text = inWidget("#sbw-text");
    type(text, "Is there");
    agent.untilText(agent.find("body"), "#typing", "User " + customerId + " is typing");
    agent.screenshot("inbox-customer-typing");
    erase(text);
    agent.until("the typing line to clear", d -> d.findElement(By.id("typing")).getText().isEmpty());

    WebElement reply = agent.find("#compose-text");
    type(reply, "Let me");
    customer.untilText(widget, "#sbw-typing", "User " + agentId + " is typing");
    customer.screenshot("widget-agent-typing");
    erase(reply);
    customer.until("the widget's typing line to clear", d -> inWidget("#sbw-typing").getText().isEmpty());
  }

  @Test
  @Order(4)
  @DisplayName("a status change made in the console reaches the customer, and an assignment shows under 'assigned to me'")
  void ticketControls() {
    new Select(agent.find("#ticket-status")).selectByValue("PENDING");
    customer.untilText(widget, "#sbw-status", "Status: Pending");
    new Select(agent.find("#ticket-priority")).selectByValue("HIGH");
    agent.find("#ticket-assign-me").click();
    agent.find("#filter-mine").click();
    new Select(agent.find("#filter-status")).selectByValue("PENDING");
    agent.untilText(agent.find("body"), "#ticket-list .item", "High · User " + customerId + " · assigned to " + agentId);
    customer.screenshot("widget-status");
    agent.screenshot("inbox-assigned-to-me");
  }

  @Test
  @Order(5)
  @DisplayName("the agent sets their own status, and a notification raises the unread badge live until it is marked read")
  void statusAndNotifications() {
    new Select(agent.find("#my-status")).selectByValue("busy");
    String token = cluster.token(agentId, Role.AGENT);
    TestCluster.eventually("the agent listed as busy", () -> Rest.get(cluster.port(B), "/agents/status", token).body().encode(),
      agents -> agents.contains("\"agentId\":\"" + agentId + "\"") && agents.contains("\"status\":\"busy\""));

    var sent = Rest.post(cluster.port(B), "/notifications", cluster.token("ops", Role.SERVICE), new JsonObject()
      .put("userIds", new JsonArray().add(agentId)).put("type", "ticket.escalated").put("title", "Escalated to you").encode());
    assertEquals(201, sent.status(), sent.body().encode());
    agent.untilText(agent.find("body"), "#notifications-count", "1");
    agent.find("#notifications-button").click();
    agent.untilText(agent.find("body"), "#notifications-list li", "Escalated to you");
    agent.screenshot("inbox-notifications");
    agent.find("#notifications-read").click();
    agent.untilText(agent.find("body"), "#notifications-count", "0");
    agent.find("#notifications-button").click();
  }

  @Test
  @Order(6)
  @DisplayName("every control of the inbox and the widget has a name, and the inbox fits a 640 px wide window (1280 px at 200 % zoom) without scrolling sideways")
  void accessible() {
    assertEquals(List.of(), agent.script(UNNAMED_CONTROLS, agent.find("body")), "controls without a label or name in the inbox");
    assertEquals(List.of(), customer.script(UNNAMED_CONTROLS, customer.find(WIDGET)), "controls without a label or name in the widget");
    agent.resize(640, 900);
    try {
      agent.until("the inbox to reflow into one column", d -> (Boolean) agent.script(
        "return document.documentElement.scrollWidth <= window.innerWidth"));
      agent.screenshot("inbox-at-200-percent");
    } finally {
      agent.resize(1280, 900);
    }
  }

  @Test
  @Order(7)
  @DisplayName("the agent's page survives its node being drained, and shows the messages sent meanwhile")
  void drain() {
    // the balancer holds new connections back, so the messages below are surely sent while the agent is away
    balancer.pause();
    TestCluster.await(cluster.node(A).drain(Duration.ofSeconds(5)));
    agent.untilText(agent.find("body"), "#connection", "Reconnecting");
    agent.screenshot("inbox-reconnecting");
    type(inWidget("#sbw-text"), "Are you still there?", Keys.ENTER);
    customerMessage("Are you still there?");
    type(inWidget("#sbw-text"), "Hello?", Keys.ENTER);
    customerMessage("Hello?");

    balancer.restore();
    agent.untilText(agent.find("body"), "#connection", "Connected");
    WebElement first = agentMessage("Are you still there?");
    WebElement second = agentMessage("Hello?");
    List<WebElement> shown = agent.findAll("#messages li");
    assertEquals(List.of(first, second), shown.subList(shown.size() - 2, shown.size()), "the missed messages come last, in order");
    type(agent.find("#compose-text"), "Still here, on another node", Keys.ENTER);
    customerMessage("Still here, on another node");
    agent.screenshot("inbox-after-drain");
  }

  @Test
  @Order(8)
  @DisplayName("an agent creates a team room from the inbox and chats in it")
  void teamRoom() {
    String name = TestCluster.fresh("Night shift ");
    agent.find("#new-room-details summary").click();
    type(agent.find("#room-name"), name);
    type(agent.find("#room-members"), "someone-else");
    agent.find("#new-room button").click();
    agent.untilText(agent.find("body"), "#pane-title", name);
    agent.untilText(agent.find("body"), "#room-list .item", name);
    type(agent.find("#compose-text"), "Who takes the printer ticket?", Keys.ENTER);
    agentMessage("Who takes the printer ticket?");
    agent.untilText(agent.find("body"), "#room-list .item", "Who takes the printer ticket?");
    agent.screenshot("inbox-team-room");
  }

  @Test
  @Order(9)
  @DisplayName("the admin page refuses an agent's token, signs in with one click while the node has the development secret, lists both users and disconnects one, asked once more even while someone comes online")
  void adminPage() {
    admin.open("http://127.0.0.1:" + cluster.port(B) + "/console/admin.html");
    type(admin.find("#token-input"), cluster.token(agentId, Role.AGENT));
    admin.find("#token-form button").click();
    admin.untilText(admin.find("body"), "#sign-in-problem", "that token is for the role agent");
    admin.untilText(admin.find("body"), "#dev-sign-in", "anyone can sign in as anyone");
    admin.screenshot("admin-sign-in");
    admin.find("#dev-button").click();

    admin.untilText(admin.find("body"), "#connection", "Connected");
    admin.untilText(admin.find("body"), "#users tr", agentId);
    admin.untilText(admin.find("body"), "#users tr", customerId);
    admin.untilText(admin.find("body"), "#stat-nodes", "1");
    admin.screenshot("admin");
    admin.find("[data-disconnect='" + customerId + "']").click();
    WebElement confirm = admin.find("[data-confirm='" + customerId + "']");
    String latecomer = TestCluster.fresh("latecomer-");
    BridgeClient arriving = BridgeClient.connect(cluster.port(B), cluster.token(latecomer, Role.AGENT));
    try {
      admin.untilText(admin.find("body"), "#users tr", latecomer);
      confirm.click(); // still the same button: the list changed under it, the question it asks did not
    } finally {
      arriving.close();
    }
    admin.untilText(admin.find("body"), "#admin-result", "Disconnected " + customerId);

    customer.untilText(widget, "#sbw-connection", "You were disconnected by an administrator.");
    admin.until("the customer to leave the online list", d -> d.findElements(By.cssSelector("#users tr")).stream()
      .noneMatch(row -> row.getText().contains(customerId)));
    customer.screenshot("widget-disconnected");
    admin.screenshot("admin-after-disconnect");
  }
}
