@_exported import Tessera

/// The log-probability layer (AePPL's part): densities from random-variable graphs.
public enum TesseraLogProbInfo {
    /// The layer's name, for diagnostics.
    public static let name = "TesseraLogProb"
}
