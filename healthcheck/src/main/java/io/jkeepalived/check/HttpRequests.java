package io.jkeepalived.check;

import java.nio.charset.StandardCharsets;

/** The GET request keepalived sends, byte for byte (servers may log or filter on it). */
final class HttpRequests {
    private HttpRequests() {
    }

    static byte[] get(String path, HttpProtocol protocol, String host) {
        String request = "GET " + path + " HTTP/1." + protocol.minorVersion() + "\r\n"
                + "User-Agent: KeepAliveClient\r\n"
                + (protocol.connectionClose() ? "Connection: close\r\n" : "")
                + "Host: " + host + "\r\n\r\n";
        return request.getBytes(StandardCharsets.ISO_8859_1);
    }
}
