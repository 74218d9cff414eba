import Foundation

/// Where a dataset name points: a file or folder, or a connection GDAL opens by name (a
/// database such as PostGIS, `PG:…`, or a GDAL virtual file system path, `/vsi…`).
public enum DataSource {
    /// Prefixes of the connection strings GDAL's vector drivers open (PostgreSQL/PostGIS,
    /// MySQL, Oracle, SQL Server, ODBC, WFS, OGDI, CouchDB/Elasticsearch style services).
    static let connectionPrefixes = ["PG:", "PostgreSQL:", "MYSQL:", "OCI:", "MSSQL:", "ODBC:", "WFS:", "gltp:", "ES:"]

    /// Whether `name` is a connection string rather than a path.
    public static func isConnection(_ name: String) -> Bool {
        name.hasPrefix("/vsi") || isDatabase(name)
    }

    /// Whether `name` is a database or service connection (vector only here).
    public static func isDatabase(_ name: String) -> Bool {
        connectionPrefixes.contains { name.uppercased().hasPrefix($0.uppercased()) }
    }

    /// Whether `name` can name a dataset: an existing file or folder, or a connection string.
    /// (Whether it opens is GDAL's to say.)
    public static func exists(_ name: String) -> Bool {
        isConnection(name) || FileManager.default.fileExists(atPath: name)
    }

    /// `name` as messages and tables may show it: a connection string's password replaced by
    /// "***" (PG:"… password=secret" or password='se cret').
    public static func displayName(_ name: String) -> String {
        guard isDatabase(name), let r = name.range(of: #"password\s*=\s*('(?:[^'\\]|\\.)*'|\S+)"#, options: [.regularExpression, .caseInsensitive]) else {
            return name
        }
        return name.replacingCharacters(in: r, with: "password=***")
    }

    /// A short name for what a source holds, for tables: a file's name, or for a database
    /// connection the table read (never the connection string with its credentials).
    public static func shortName(_ name: String, layer: String?) -> String {
        isDatabase(name) ? (layer ?? displayName(name)) : (name as NSString).lastPathComponent
    }
}
