package dev.switchboard.testing;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.stream.Collectors;

/**
 * A real headless Chromium, driven through the chromedriver installed beside it (Debian's
 * {@code chromium} and {@code chromium-driver}, which {@code .ci/run} installs): nothing is
 * downloaded. Waits fail the test, naming what was awaited and what the browser logged.
 */
public final class Browser implements AutoCloseable {
  private static final String CHROMIUM = System.getProperty("switchboard.chromium", "/usr/bin/chromium");
  private static final String CHROMEDRIVER = System.getProperty("switchboard.chromedriver", "/usr/bin/chromedriver");
  /** Where screenshots go, for a reviewer to look at. */
  public static final Path SCREENSHOTS = Path.of("target", "screenshots");
  /** Reconnects back off for up to 3 s, and a drained node takes a few seconds to stop: long enough for both. */
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final ChromeDriver driver;

  private Browser(ChromeDriver driver) {
    this.driver = driver;
  }

  public static Browser start() {
    for (String program : new String[]{CHROMIUM, CHROMEDRIVER}) {
      if (!new File(program).canExecute()) {
        throw new AssertionError(program + " is not installed: apt-get install chromium chromium-driver (.ci/run does),"
          + " or name other paths with -Dswitchboard.chromium and -Dswitchboard.chromedriver");
      }
    }
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM)
      // as root (CI) Chromium needs --no-sandbox; /dev/shm is small in containers
      .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900", "--lang=en-US",
        "--disable-background-timer-throttling", "--disable-renderer-backgrounding");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder()
      .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
    return new Browser(new ChromeDriver(service, options));
  }

  public void open(String url) {
    driver.get(url);
  }

  public WebElement find(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  public List<WebElement> findAll(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  /** The open shadow root of the element at {@code hostCss}, where an embedded widget keeps its markup. */
  public SearchContext shadow(String hostCss) {
    return until("the shadow root of " + hostCss, d -> {
      List<WebElement> hosts = d.findElements(By.cssSelector(hostCss));
      return hosts.isEmpty() ? null : hosts.get(0).getShadowRoot();
    });
  }

  /** Waits until {@code condition} gives something other than null or false, and returns it. */
  public <T> T until(String awaited, Function<org.openqa.selenium.WebDriver, T> condition) {
    try {
      return new WebDriverWait(driver, WAIT).withMessage(() -> awaited + "; the page showed: " + script("return document.body.innerText")
          + "; the browser logged: " + log())
        .ignoring(org.openqa.selenium.NoSuchElementException.class)
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(condition::apply);
    } catch (TimeoutException e) {
      screenshot("failed-" + System.currentTimeMillis());
      throw e;
    }
  }

  /** Waits until the element at {@code css} is there and its text contains {@code text}. */
  public WebElement untilText(SearchContext context, String css, String text) {
    return until("'" + text + "' in " + css, d -> {
      for (WebElement element : context.findElements(By.cssSelector(css))) {
        if (element.getText().contains(text)) {
          return element;
        }
      }
      return null;
    });
  }

  public Object script(String javascript, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(javascript, args);
  }

  public void resize(int width, int height) {
    driver.manage().window().setSize(new org.openqa.selenium.Dimension(width, height));
  }

  /** Writes what the page shows to target/screenshots/{@code name}.png. */
  public void screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new AssertionError("the screenshot " + name + " could not be written: " + e, e);
    }
  }

  /** What the page logged to its console since last asked. */
  public String log() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
      .map(entry -> entry.getLevel() + " " + entry.getMessage()).collect(Collectors.joining("\n"));
  }

  @Override
  public void close() {
    driver.quit();
  }
}
