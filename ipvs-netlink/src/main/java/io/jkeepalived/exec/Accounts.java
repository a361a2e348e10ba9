package io.jkeepalived.exec;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.byref.PointerByReference;

/** User and group lookups through libc (NSS), as keepalived's getpwnam/getgrnam. */
final class Accounts {
    private static final int ERANGE = 34;
    // LP64 glibc layouts: struct passwd {char *name; char *passwd; uid_t uid; gid_t gid; ...} (48 bytes),
    // struct group {char *name; char *passwd; gid_t gid; char **mem;} (32 bytes).
    private static final int PW_UID_OFFSET = 16;
    private static final int PW_GID_OFFSET = 20;
    private static final int GR_GID_OFFSET = 16;
    private static final int STRUCT_SIZE = 64;

    private Accounts() {
    }

    static RunAs resolve(String user, String group) {
        if (user == null || user.isEmpty()) {
            throw new IllegalArgumentException("no user given");
        }
        int[] ids = lookupUser(user);
        if (ids == null) {
            throw new IllegalArgumentException("unknown user " + user);
        }
        int gid = ids[1];
        if (group != null) {
            Integer found = lookupGroup(group);
            if (found == null) {
                throw new IllegalArgumentException("unknown group " + group);
            }
            gid = found;
        }
        return new RunAs(user, ids[0], gid);
    }

    /** {uid, primary gid}, or null. A number that names no user is taken as a uid with gid = uid's entry. */
    private static int[] lookupUser(String user) {
        Posix.LibC libc = Posix.libc();
        int[] byName = lookup((pwd, buf, len, result) -> libc.getpwnam_r(user, pwd, buf, len, result),
                PW_UID_OFFSET, PW_GID_OFFSET);
        if (byName != null || !isNumber(user)) {
            return byName;
        }
        int uid = Integer.parseInt(user);
        int[] byId = lookup((pwd, buf, len, result) -> libc.getpwuid_r(uid, pwd, buf, len, result),
                PW_UID_OFFSET, PW_GID_OFFSET);
        return byId;
    }

    private static Integer lookupGroup(String group) {
        Posix.LibC libc = Posix.libc();
        int[] byName = lookup((grp, buf, len, result) -> libc.getgrnam_r(group, grp, buf, len, result),
                GR_GID_OFFSET, GR_GID_OFFSET);
        if (byName != null) {
            return byName[0];
        }
        if (isNumber(group)) {
            return Integer.parseInt(group);
        }
        return null;
    }

    private interface Call {
        int call(Pointer entry, Pointer buf, long len, PointerByReference result);
    }

    private static int[] lookup(Call call, int firstOffset, int secondOffset) {
        Runtime runtime = Posix.runtime();
        for (int size = 4096; size <= 1 << 20; size *= 4) {
            Pointer entry = Memory.allocateDirect(runtime, STRUCT_SIZE, true);
            Pointer buf = Memory.allocateDirect(runtime, size);
            PointerByReference result = new PointerByReference();
            int rc = call.call(entry, buf, size, result);
            if (rc == ERANGE) {
                continue;
            }
            if (rc != 0 || result.getValue() == null || result.getValue().address() == 0) {
                return null;
            }
            return new int[] {entry.getInt(firstOffset), entry.getInt(secondOffset)};
        }
        return null;
    }

    private static boolean isNumber(String s) {
        if (s.isEmpty() || s.length() > 9) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
