/// The version of this build of Sluice.
public enum SluiceVersion {
    /// Bumped by hand on release; recorded in every manifest and Parquet `created_by`.
    public static let current = "0.1.0"

    /// The Parquet `created_by` string: `sluice version 0.1.0`, the shape readers parse.
    public static var createdBy: String { "sluice version \(current)" }
}
