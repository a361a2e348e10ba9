package io.jkeepalived.ipvs;

import io.jkeepalived.libc.Errno;

/**
 * What the kernel's IPVS errnos mean for each kind of change, as measured against Debian's 6.1 kernel in the
 * lab (ip_vs_ctl.c gives no extended-ack text, so the errno is all there is):
 * <ul>
 * <li>EEXIST: adding a service or destination that is already there; starting a second sync daemon in the
 * same state;</li>
 * <li>ESRCH: the service does not exist (edit, delete, zero, destination changes under it; stopping a sync
 * daemon that is not running);</li>
 * <li>ENOENT: adding or editing a service whose scheduler or persistence engine the kernel cannot find (no
 * ip_vs_NAME module); editing or deleting a destination that is not there;</li>
 * <li>ERANGE: a lower threshold above the upper one;</li>
 * <li>EINVAL: a destination of the other address family that is not TUN, or one while a sync daemon runs;
 * a sync daemon while such destinations exist; an IPv6 persistence prefix outside 1..128;</li>
 * <li>EPERM: no CAP_NET_ADMIN in the network namespace.</li>
 * </ul>
 */
public final class IpvsErrors {

    private IpvsErrors() {
    }

    /**
     * One line for the log: the change, the errno's name, and what it means here. E.g. "add service TCP
     * 192.0.2.1:80 scheduler nosuch: ENOENT - no scheduler or persistence engine of that name (is there a
     * kernel module ip_vs_nosuch?)".
     */
    public static String describe(IpvsChange change, Errno errno) {
        return change.describe() + ": " + errno.name() + " - " + explain(change, errno);
    }

    /** The meaning of {@code errno} for {@code change}. */
    public static String explain(IpvsChange change, Errno errno) {
        boolean serviceChange = change instanceof IpvsChange.AddService || change instanceof IpvsChange.EditService
                || change instanceof IpvsChange.DeleteService;
        if (errno.is(Errno.EPERM) || errno.is(Errno.EACCES)) {
            return "not permitted: changing IPVS needs CAP_NET_ADMIN in this network namespace";
        }
        if (errno.is(Errno.EEXIST)) {
            return serviceChange ? "the service already exists" : "the destination already exists in this service";
        }
        if (errno.is(Errno.ESRCH)) {
            return "no such service";
        }
        if (errno.is(Errno.ENOENT)) {
            if (serviceChange) {
                VirtualService s = change.service();
                String modules = "ip_vs_" + s.scheduler()
                        + (s.persistenceEngine() == null ? "" : " or ip_vs_pe_" + s.persistenceEngine());
                return "no scheduler or persistence engine of that name (is there a kernel module " + modules + "?)";
            }
            return "no such destination in this service";
        }
        if (errno.is(Errno.ERANGE)) {
            return "the lower threshold is above the upper threshold";
        }
        if (errno.is(Errno.EINVAL)) {
            if (!serviceChange && change instanceof IpvsChange.AddDestination add
                    && add.destination().family() != add.service().family()
                    || change instanceof IpvsChange.EditDestination edit
                    && edit.destination().family() != edit.service().family()) {
                return "a destination of the other address family must use TUN, and no sync daemon may run";
            }
            return "the kernel refused the settings as invalid";
        }
        if (errno.is(Errno.EAFNOSUPPORT)) {
            return "address family not supported by this kernel's IPVS";
        }
        if (errno.is(Errno.ENOMEM)) {
            return "the kernel is out of memory";
        }
        return errno.description();
    }
}
