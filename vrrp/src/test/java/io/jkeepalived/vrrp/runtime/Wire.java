package io.jkeepalived.vrrp.runtime;

import io.jkeepalived.libc.Libc;
import io.jkeepalived.libc.LinuxException;
import io.jkeepalived.libc.NetNamespace;
import io.jkeepalived.libc.PollSet;
import io.jkeepalived.libc.SocketAddresses;
import io.jkeepalived.vrrp.Advertisement;
import io.jkeepalived.vrrp.AdvertisementCodec;
import io.jkeepalived.vrrp.AuthData;
import io.jkeepalived.vrrp.AuthType;
import io.jkeepalived.vrrp.InboundPacket;
import io.jkeepalived.vrrp.Ipv4Header;
import io.jkeepalived.vrrp.net.Ipv4VrrpSocket;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The observer's side of the segment, from node x's namespace: an injector of hand-made IPv4 VRRP
 * datagrams (raw socket, our own header: any TTL, any bytes) and a listener that timestamps every
 * VRRP datagram it sees.
 */
final class Wire implements AutoCloseable {
    static final InetAddress GROUP = ip("224.0.0.18");

    private final Libc libc = Libc.get();
    private final int rawFd;
    private final Ipv4VrrpSocket listenSocket;
    private final Thread listener;
    private volatile boolean closed;
    private final ByteBuffer send = Libc.allocate(2048);
    private final ByteBuffer to = Libc.allocate(SocketAddresses.INET4_SIZE);

    /** One datagram seen: arrival (System.nanoTime), source, VRID, priority, TTL. */
    record Seen(long nanos, InetAddress source, int vrid, int priority, int ttl) {
    }

    final List<Seen> seen = new CopyOnWriteArrayList<>();

    Wire(Lab lab, char letter) throws IOException {
        String dev = lab.device(letter);
        try (NetNamespace ns = NetNamespace.named(libc, lab.ns(letter))) {
            int index = Integer.parseInt(lab.ip(lab.ns(letter), "-o", "link", "show", "dev", dev).split(":")[0].trim());
            rawFd = ns.call(() -> {
                int fd = libc.socket(Libc.AF_INET, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, Libc.IPPROTO_RAW);
                libc.bindToDevice(fd, dev);
                // Our own injections must not loop back into the listener (a flood would drown it).
                libc.setsockopt(fd, Libc.IPPROTO_IP, Libc.IP_MULTICAST_LOOP, 0);
                return fd;
            });
            listenSocket = ns.call(() -> {
                Ipv4VrrpSocket s = Ipv4VrrpSocket.open(libc, dev, index);
                s.join(GROUP);
                return s;
            });
        }
        listener = new Thread(this::listen, "wire-listener");
        listener.setDaemon(true);
        listener.start();
    }

    static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (IOException e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    private void listen() {
        PollSet set = new PollSet(1);
        set.set(0, listenSocket.fd(), Libc.POLLIN);
        while (!closed) {
            try {
                if (libc.poll(set, 100) <= 0) {
                    continue;
                }
                InboundPacket p;
                while ((p = listenSocket.receive()) != null) {
                    long now = System.nanoTime();
                    byte[] b = p.bytes();
                    int off = (b[0] & 0x0f) * 4;
                    if (b.length >= off + 8) {
                        seen.add(new Seen(now, InstanceRunner.source(p), b[off + 1] & 0xff, b[off + 2] & 0xff, b[8] & 0xff));
                    }
                }
            } catch (LinuxException e) {
                if (!closed) {
                    System.err.println("wire listener: " + e.getMessage());
                }
                return;
            }
        }
    }

    /** A VRRPv2 advert as a peer would send it (to 224.0.0.18, TTL 255 unless told), then {@code tweak}ed. */
    static byte[] advert(String from, int vrid, int priority, String password, int intervalSeconds, int ttl,
                         String... vips) {
        List<InetAddress> addresses = new ArrayList<>();
        for (String v : vips) {
            addresses.add(ip(v));
        }
        AuthType type = password == null ? AuthType.NONE : AuthType.PASS;
        AuthData data = password == null ? AuthData.ZERO : AuthData.ofPassword(password);
        Advertisement a = Advertisement.v2(vrid, priority, type, data, intervalSeconds, addresses);
        byte[] vrrp = AdvertisementCodec.encode(a, ip(from), GROUP);
        Ipv4Header h = new Ipv4Header(20, 0xc0, 20 + vrrp.length, 0, 0, ttl, 112, 0, (Inet4Address) ip(from),
                (Inet4Address) GROUP);
        return h.datagram(vrrp);
    }

    /** Sends a whole IPv4 datagram (our header, kept as is except the kernel's id and checksum fill-in). */
    void inject(byte[] datagram) throws LinuxException {
        send.clear();
        send.put(datagram).flip();
        to.clear();
        byte[] dst = {datagram[16], datagram[17], datagram[18], datagram[19]};
        try {
            SocketAddresses.inet4(to, (Inet4Address) InetAddress.getByAddress(dst), 0);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        to.flip();
        libc.sendto(rawFd, send, 0, to);
    }

    /** Adverts seen from {@code source} (after {@code sinceNanos}). */
    List<Seen> from(String source, long sinceNanos) {
        InetAddress s = ip(source);
        return seen.stream().filter(x -> x.source().equals(s) && x.nanos() >= sinceNanos).toList();
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        listenSocket.close();
        libc.closeQuietly(rawFd);
    }
}
