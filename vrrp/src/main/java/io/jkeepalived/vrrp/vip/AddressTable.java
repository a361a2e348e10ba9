package io.jkeepalived.vrrp.vip;

import io.jkeepalived.rtnl.InterfaceAddress;
import io.jkeepalived.rtnl.Rtnetlink;
import java.io.IOException;

/** Where addresses are added and removed: the kernel (rtnetlink), or a fake in tests. */
public interface AddressTable {
    /** Adds; EEXIST (a NetlinkErrorException) when the interface already has it. */
    void add(InterfaceAddress address) throws IOException;

    /** Removes; EADDRNOTAVAIL when it is not there. */
    void delete(InterfaceAddress address) throws IOException;

    /** The kernel's table through an rtnetlink connection (each call is one acknowledged round trip). */
    static AddressTable of(Rtnetlink rtnl) {
        return new AddressTable() {
            @Override
            public void add(InterfaceAddress address) throws IOException {
                rtnl.addAddress(address);
            }

            @Override
            public void delete(InterfaceAddress address) throws IOException {
                rtnl.deleteAddress(address);
            }
        };
    }
}
