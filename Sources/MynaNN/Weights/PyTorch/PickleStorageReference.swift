/// `('storage', storage_type, key, location, numel, view_metadata)` from a legacy checkpoint's persistent id.
struct PickleStorageReference {
    let dtype: WeightDType
    let key: String
    let elementCount: Int
}
