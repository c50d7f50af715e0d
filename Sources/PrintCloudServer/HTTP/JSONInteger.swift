/// An integer field of a request body. Foundation's `JSONDecoder` answers `1.5`, `1e30` or a number past
/// 64 bits for an `Int` with "not valid JSON" and no field, so such numbers are read as JSON numbers and
/// checked here, where the decoder still knows the field's path.
struct JSONInteger: Decodable, Sendable {
    var value: Int

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Int.self) {
            self.value = value
            return
        }
        let number = try container.decode(Double.self)
        guard number.rounded() == number, let value = Int(exactly: number) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "must be an integer")
        }
        self.value = value
    }
}
