package io.jkeepalived.config.bench;

/**
 * Generates a large but realistic director configuration: one VRRP instance carrying every virtual address,
 * and virtual servers with real servers checked by HTTP_GET and TCP_CHECK alternately. Addresses come from
 * the documentation ranges; the text is only parsed, never used on a network.
 */
public final class GeneratedConfig {
    private GeneratedConfig() {
    }

    /** Writes the generated config to a file, for benchmarks of a whole process: {@code VS RS_PER_VS FILE}. */
    public static void main(String[] args) throws java.io.IOException {
        java.nio.file.Files.writeString(java.nio.file.Path.of(args[2]),
                director(Integer.parseInt(args[0]), Integer.parseInt(args[1])));
    }

    public static String director(int virtualServers, int realPerVirtual) {
        StringBuilder out = new StringBuilder(virtualServers * realPerVirtual * 200);
        out.append("global_defs {\n    router_id bench\n}\n\n");
        out.append("vrrp_instance VI_1 {\n    state MASTER\n    interface eth0\n    virtual_router_id 51\n")
                .append("    priority 100\n    advert_int 1\n")
                .append("    authentication {\n        auth_type PASS\n        auth_pass 1111\n    }\n")
                .append("    virtual_ipaddress {\n");
        for (int v = 0; v < Math.min(virtualServers, 250); v++) {
            out.append("        198.51.100.").append(v % 250 + 1).append("/32 dev eth0\n");
        }
        out.append("    }\n}\n\n");
        for (int v = 0; v < virtualServers; v++) {
            String vip = "198.51.100." + (v % 250 + 1);
            int port = 1000 + v / 250;
            out.append("virtual_server ").append(vip).append(' ').append(port).append(" {\n")
                    .append("    delay_loop 6\n    lb_algo wrr\n    lb_kind DR\n    protocol TCP\n")
                    .append("    persistence_timeout 50\n    sorry_server 203.0.113.250 ").append(port).append('\n');
            for (int r = 0; r < realPerVirtual; r++) {
                int host = v * realPerVirtual + r;
                String rip = "10." + (host >> 16 & 255) + '.' + (host >> 8 & 255) + '.' + (host & 255);
                out.append("    real_server ").append(rip).append(' ').append(port).append(" {\n")
                        .append("        weight ").append(r % 5 + 1).append('\n');
                if (r % 2 == 0) {
                    out.append("        HTTP_GET {\n            url {\n              path /health\n")
                            .append("              status_code 200\n            }\n")
                            .append("            connect_timeout 3\n            retry 3\n")
                            .append("            delay_before_retry 3\n        }\n");
                } else {
                    out.append("        TCP_CHECK {\n            connect_port ").append(port).append('\n')
                            .append("            connect_timeout 3\n        }\n");
                }
                out.append("    }\n");
            }
            out.append("}\n");
        }
        return out.toString();
    }
}
