import GRDB
enum Probe { static let version = GRDB.Database.sqliteLibVersionNumber }
