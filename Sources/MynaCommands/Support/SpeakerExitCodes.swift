/// The exit-code table printed in the help of every speaker command, so scripts can rely on it.
enum SpeakerExitCodes {
    static let help = """
        Exit codes: 0 success (verify: accepted; identify: someone matched), 1 verify rejected / identify found \
        nobody above the threshold, 2 bad input (unreadable audio, too little speech, silence, bad name or file), \
        3 runtime failure, \(MynaErrorLine.unknownSpeaker) unknown speaker, \(MynaErrorLine.conflict) conflict \
        (recording already enrolled, name taken, other encoder), \(MynaErrorLine.databaseUnusable) database \
        unusable (read-only, corrupt, newer schema; PostgreSQL: unreachable, login refused), \(MynaErrorLine.databaseLocked) database locked by another \
        process (retry, or raise --db-timeout).
        """
}
