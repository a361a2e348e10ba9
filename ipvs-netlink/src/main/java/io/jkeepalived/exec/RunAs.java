package io.jkeepalived.exec;

/**
 * The user and group a script runs as, resolved to numbers when the configuration is read (as keepalived does:
 * a later change to /etc/passwd does not change who runs the script).
 *
 * <p>Like keepalived, the script gets exactly this uid and gid, and its supplementary groups are replaced by
 * the single group {@code gid}.
 *
 * @param user  for messages: the name given, or the number
 * @param uid   the user id
 * @param gid   the group id: the named group, or the user's primary group
 */
public record RunAs(String user, int uid, int gid) {
    public RunAs {
        if (uid < 0 || gid < 0) {
            throw new IllegalArgumentException("uid and gid must not be negative");
        }
    }

    /**
     * Looks up {@code user} (a name, or a number when no user has that name) and {@code group} (null: the user's
     * primary group; else a name or a number), as keepalived's {@code user USERNAME [GROUPNAME]} does.
     *
     * @throws IllegalArgumentException naming what could not be found
     */
    public static RunAs resolve(String user, String group) {
        return Accounts.resolve(user, group);
    }

    @Override
    public String toString() {
        return user + " (uid " + uid + ", gid " + gid + ")";
    }
}
