import Dispatch

/// Dispatch sources are thread-safe; the wrapper lets one live in locked or Sendable state.
struct ReadSource: @unchecked Sendable {
    let source: any DispatchSourceRead
}
