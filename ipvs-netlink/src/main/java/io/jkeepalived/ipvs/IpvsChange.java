package io.jkeepalived.ipvs;

import io.jkeepalived.netlink.NetlinkMessageBuilder;

/**
 * One change to the kernel's IPVS table, as data: what a reconciler plans and {@link IpvsClient#apply} sends
 * (several to a datagram). {@link #describe()} names the object the way errors and logs must name it.
 */
public sealed interface IpvsChange {

    /** The service the change is about (for destination changes, the service that holds it). */
    VirtualService service();

    /** Writes the request into {@code b} (begins a new message). */
    NetlinkMessageBuilder encode(IpvsCodec codec, NetlinkMessageBuilder b);

    /** "add service TCP 192.0.2.1:80 scheduler wrr", "delete destination 10.0.0.1:80 from TCP 192.0.2.1:80". */
    String describe();

    record AddService(VirtualService service) implements IpvsChange {
        @Override
        public NetlinkMessageBuilder encode(IpvsCodec codec, NetlinkMessageBuilder b) {
            return codec.writeNewService(b, service);
        }

        @Override
        public String describe() {
            return "add service " + service;
        }
    }

    /** Scheduler, flags, persistence and persistence engine of an existing service (ipvsadm -E). */
    record EditService(VirtualService service) implements IpvsChange {
        @Override
        public NetlinkMessageBuilder encode(IpvsCodec codec, NetlinkMessageBuilder b) {
            return codec.writeSetService(b, service);
        }

        @Override
        public String describe() {
            return "edit service " + service;
        }
    }

    /** Deletes the service with every destination under it. */
    record DeleteService(VirtualService service) implements IpvsChange {
        @Override
        public NetlinkMessageBuilder encode(IpvsCodec codec, NetlinkMessageBuilder b) {
            return codec.writeDelService(b, service);
        }

        @Override
        public String describe() {
            return "delete service " + service.describe();
        }
    }

    record AddDestination(VirtualService service, RealServerDest destination) implements IpvsChange {
        @Override
        public NetlinkMessageBuilder encode(IpvsCodec codec, NetlinkMessageBuilder b) {
            return codec.writeNewDest(b, service, destination);
        }

        @Override
        public String describe() {
            return "add destination " + destination + " to " + service.describe();
        }
    }

    /** Method, weight, thresholds and tunnel settings of an existing destination (ipvsadm -e). */
    record EditDestination(VirtualService service, RealServerDest destination) implements IpvsChange {
        @Override
        public NetlinkMessageBuilder encode(IpvsCodec codec, NetlinkMessageBuilder b) {
            return codec.writeSetDest(b, service, destination);
        }

        @Override
        public String describe() {
            return "edit destination " + destination + " of " + service.describe();
        }
    }

    record DeleteDestination(VirtualService service, RealServerDest destination) implements IpvsChange {
        @Override
        public NetlinkMessageBuilder encode(IpvsCodec codec, NetlinkMessageBuilder b) {
            return codec.writeDelDest(b, service, destination);
        }

        @Override
        public String describe() {
            return "delete destination " + destination.describe() + " from " + service.describe();
        }
    }
}
