package io.jkeepalived.vrrp.vip;

import io.jkeepalived.netlink.NetlinkConnection;
import io.jkeepalived.netlink.NetlinkMessageBuilder;
import io.jkeepalived.rtnl.InterfaceAddress;
import io.jkeepalived.rtnl.Rtnetlink;
import io.jkeepalived.rtnl.RtnlCodec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Where addresses are added and removed: the kernel (rtnetlink), or a fake in tests. */
public interface AddressTable {
    /** Adds; EEXIST (a NetlinkErrorException) when the interface already has it. */
    void add(InterfaceAddress address) throws IOException;

    /** Removes; EADDRNOTAVAIL when it is not there. */
    void delete(InterfaceAddress address) throws IOException;

    /**
     * Adds several; the answer for each, in order: null when added, else its refusal (EEXIST...).
     * Every address the kernel accepted is in place when this returns. Throws only when the exchange
     * itself failed.
     */
    default List<IOException> addAll(List<InterfaceAddress> addresses) throws IOException {
        List<IOException> answers = new ArrayList<>(addresses.size());
        for (InterfaceAddress a : addresses) {
            try {
                add(a);
                answers.add(null);
            } catch (IOException e) {
                answers.add(e);
            }
        }
        return answers;
    }

    /**
     * The kernel's table through an rtnetlink connection. {@link #addAll} sends every add in one datagram:
     * rtnetlink handles a request inside the sender's sendmsg, so all of them are in place when it
     * returns, and only the acks remain to be read.
     */
    static AddressTable of(NetlinkConnection connection) {
        Rtnetlink rtnl = new Rtnetlink(connection);
        NetlinkMessageBuilder scratch = new NetlinkMessageBuilder(512);
        return new AddressTable() {
            @Override
            public void add(InterfaceAddress address) throws IOException {
                rtnl.addAddress(address);
            }

            @Override
            public List<IOException> addAll(List<InterfaceAddress> addresses) throws IOException {
                List<AddRequest> requests = new ArrayList<>(addresses.size());
                for (InterfaceAddress a : addresses) {
                    requests.add(new AddRequest(a));
                }
                return new ArrayList<>(connection.executeAll(requests, scratch));
            }

            @Override
            public void delete(InterfaceAddress address) throws IOException {
                rtnl.deleteAddress(address);
            }
        };
    }

    /** An RTM_NEWADDR of a batch; the operation string is only built for an error. */
    final class AddRequest implements NetlinkConnection.Request {
        private final InterfaceAddress address;

        AddRequest(InterfaceAddress address) {
            this.address = address;
        }

        @Override
        public void write(NetlinkMessageBuilder b) {
            RtnlCodec.writeAddAddress(b, address, false);
        }

        @Override
        public String operation() {
            return "add address " + address;
        }
    }
}
