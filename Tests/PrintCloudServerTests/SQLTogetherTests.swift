import Testing

@testable import PrintCloudServer

@Suite struct SQLTogetherTests {
    @Test func statementsTogetherAreOneStatementWhosePlaceholdersFollowOneAnother() {
        let together = SQL.together([
            SQL("INSERT INTO a (x) VALUES (?)", 1),
            SQL(
                sqlite: "INSERT INTO b (y, z) VALUES (?, ?)", postgres: "INSERT INTO b (y, z) VALUES (?, ?::text)", 2, 3
            ),
            SQL("UPDATE c SET w = ? WHERE id = ?", "four", "five"),
        ])
        #expect(
            together.text(for: .postgres)
                == "WITH w0 AS (INSERT INTO a (x) VALUES ($1)), w1 AS (INSERT INTO b (y, z) VALUES ($2, $3::text)) "
                + "UPDATE c SET w = $4 WHERE id = $5")
        #expect(together.arguments == [.integer(1), .integer(2), .integer(3), .text("four"), .text("five")])
        let alone = SQL("DELETE FROM a WHERE x = ?", 1)
        #expect(SQL.together([alone]).text(for: .postgres) == "DELETE FROM a WHERE x = $1")
    }
}
