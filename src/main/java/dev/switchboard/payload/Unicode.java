package dev.switchboard.payload;

import dev.switchboard.error.ErrorCode;
import io.vertx.core.buffer.Buffer;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Text the gateway keeps must be the text the client sent. Java's lenient decoding turns bytes that
 * are not UTF-8 into U+FFFD, and its encoding turns an unpaired surrogate (which a JSON escape
 * for U+D800 to U+DFFF can produce) into {@code ?}: either way a different text would be stored and
 * handed to others. These checks refuse such input with {@code INVALID_DATA} instead.
 */
public final class Unicode {

  private Unicode() {
  }

  /** Whether {@code text} has no unpaired surrogate, so that UTF-8 carries it unchanged. */
  public static boolean wellFormed(CharSequence text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The text of {@code bytes}, which must be UTF-8 as RFC 3629 has it: no malformed sequence, no
   * overlong form, no encoded surrogate ({@code ED A0 80}); otherwise an {@code INVALID_DATA}
   * failure that names {@code what}.
   */
  public static String decode(Buffer bytes, String what) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes.getBytes())).toString();
    } catch (CharacterCodingException e) {
      throw ErrorCode.INVALID_DATA.exception(what + " is not valid UTF-8");
    }
  }
}
