package io.jkeepalived.check;

/** {@code http_protocol}: the request line's version and whether "Connection: close" is sent. */
public enum HttpProtocol {
    /** keepalived's default: "HTTP/1.0", no Connection header. */
    HTTP_1_0("1.0", 0, false),
    /** "1.0C": "HTTP/1.0" with "Connection: close". */
    HTTP_1_0C("1.0C", 0, true),
    /** "HTTP/1.1" with "Connection: close". */
    HTTP_1_1("1.1", 1, true);

    private final String keyword;
    private final int minor;
    private final boolean connectionClose;

    HttpProtocol(String keyword, int minor, boolean connectionClose) {
        this.keyword = keyword;
        this.minor = minor;
        this.connectionClose = connectionClose;
    }

    /** As written after {@code http_protocol} (and genhash's {@code -P}): 1.0, 1.0C (or 1.0c), 1.1. */
    public static HttpProtocol fromKeyword(String word) {
        return switch (word) {
            case "1.0" -> HTTP_1_0;
            case "1.0C", "1.0c" -> HTTP_1_0C;
            case "1.1" -> HTTP_1_1;
            default -> throw new IllegalArgumentException("invalid http_protocol " + word + " (1.0, 1.0C or 1.1)");
        };
    }

    public String keyword() {
        return keyword;
    }

    int minorVersion() {
        return minor;
    }

    boolean connectionClose() {
        return connectionClose;
    }
}
