@_exported import Tessera
@_exported import TesseraLogProb

/// The modelling layer (PyMC's part): models, distributions, inference.
/// Its contents arrive with the model and inference issues.
public enum TesseraPPLInfo {
    /// The layer's name, for diagnostics.
    public static let name = "TesseraPPL"
}
