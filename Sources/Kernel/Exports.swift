// Every module built on the kernel speaks JSON-RPC and owns GRDB tables: re-export both.
@_exported import GRDB
@_exported import JSONRPC
