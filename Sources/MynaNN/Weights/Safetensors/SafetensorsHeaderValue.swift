/// One value of a safetensors JSON header: a tensor description, or the `__metadata__` string map.
enum SafetensorsHeaderValue: Decodable {
    case tensor(SafetensorsTensorDescription)
    case metadata([String: String])

    init(from decoder: Decoder) throws {
        if let description = try? SafetensorsTensorDescription(from: decoder) {
            self = .tensor(description)
        } else {
            self = .metadata(try [String: String](from: decoder))
        }
    }
}
