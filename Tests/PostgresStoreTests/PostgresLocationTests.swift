import PostgresStore
import Testing

/// Database URLs: what is read from them, and a bad one's error naming the part that is wrong
/// without ever showing the password.
@Suite struct PostgresLocationTests {
    @Test func theURLsPartsAreRead() throws {
        let location = try PostgresLocation(url: "postgres://booking:s%40cret@db.example:6432/permanence?sslmode=disable")
        #expect(location == PostgresLocation(user: "booking", password: "s@cret", host: "db.example", port: 6432, database: "permanence"))
        #expect(location.redacted == "postgres://booking:***@db.example:6432/permanence")
        #expect(try PostgresLocation(url: "postgresql://me@localhost/db") == PostgresLocation(user: "me", host: "localhost", database: "db"))
        #expect(try PostgresLocation(url: "postgres://me@[::1]:5433/db").host == "::1")
    }

    @Test(arguments: [
        ("localhost:5432/db", "scheme"),
        ("mysql://me@localhost/db", "scheme"),
        ("postgres://me@localhost", "database"),
        ("postgres://me@localhost/", "database"),
        ("postgres://localhost:5432/db", "user"),
        ("postgres://:pw@localhost/db", "user"),
        ("postgres://me:pw@/db", "host"),
        ("postgres://me:pw@localhost:port/db", "port"),
        ("postgres://me:pw@localhost:70000/db", "port"),
        ("postgres://me:pw@localhost/db?sslmode=require", "sslmode"),
        ("postgres://me:pw@localhost/db?application_name=x", "parameter")
    ])
    func aBadURLNamesThePartThatIsWrong(url: String, part: String) {
        #expect {
            try PostgresLocation(url: url)
        } throws: { error in
            guard let invalid = error as? PostgresLocation.Invalid else { return false }
            return invalid.part == part && !invalid.description.contains(":pw@") && invalid.description.contains(part)
        }
    }

    @Test func openingABadURLFailsBeforeConnecting() async {
        await #expect(throws: PostgresLocation.Invalid.self) {
            try await PostgresDatabase.open(url: "postgres://me@localhost:0/db").close()
        }
    }
}
