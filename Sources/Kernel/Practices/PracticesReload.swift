/// What a reload of the practice files did (`practices.reload`, SIGHUP).
///
/// A file that cannot be served (YAML, keys, values, an id or number another file has) is told with
/// its file, path and line, and the practice it held keeps its previous version in service; the other
/// practices are unaffected. A practice whose file is gone stops being served.
package struct PracticesReload: Sendable, Encodable, Equatable {
    /// A file that could not be applied, and why (one line per problem, with path and line).
    package struct Problem: Sendable, Encodable, Equatable {
        package let file: String
        /// The practice kept in its previous version, when the file held one before.
        package let keptPracticeId: String?
        package let errors: [String]

        package init(file: String, keptPracticeId: String?, errors: [String]) {
            self.file = file
            self.keptPracticeId = keptPracticeId
            self.errors = errors
        }
    }

    package var added: [String] = []
    package var changed: [String] = []
    package var removed: [String] = []
    package var unchanged: [String] = []
    package var problems: [Problem] = []

    package init() {}
}
