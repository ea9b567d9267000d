import MynaCore

/// `myna_schema.changes`, bumped first thing in every change transaction (`changing`): one single-row read tells a
/// replica whether its in-memory profiles are current. Chosen over LISTEN/NOTIFY because it needs no connection kept
/// listening per replica, cannot miss a notification sent while a connection was being re-established, and costs a
/// loopback round trip (well under a millisecond) against the hundreds of milliseconds of embedding a recording.
extension PostgresSpeakerRegistry: VersionedSpeakerStore {
    public func changeCount() throws -> Int64 {
        try connections.withConnection { connection in
            guard try hasTables(on: connection) else { return 0 }
            return try connections.rows("SELECT changes FROM myna_schema", on: connection).first?.decode(Int64.self) ?? 0
        }
    }
}
