// The write gate: one queue per SQLite database file for the writers inside this process.
//
// SQLite lets one connection write at a time. A connection that finds the write lock taken
// waits in its busy handler, which sleeps 1, 2, 5, 10 ... ms between tries however soon the
// lock is freed. Several writers of one process share a file (the engine's store writer, the
// reports' follower, the access-log writer), so each collision cost the waiter whole
// milliseconds: with the follower keeping the roll-ups beside a busy writer, the appends ran
// 31 % slower, nearly all of it asleep. A writer that takes the file's gate before
// BEGIN IMMEDIATE instead waits exactly as long as the other transaction lasts.
//
// Only BEGIN IMMEDIATE ... COMMIT/ROLLBACK is held under the gate; reads never take it.
// Another process writing the same file (the CLI while the server runs) still meets the busy
// handler, as before.
//
// Thread-safety: writeGateFor() may be called from any thread. Every connection to one file,
// however its path was spelled, gets the same gate, kept while any of them holds it.
#pragma once

#include <memory>
#include <mutex>
#include <string>

namespace luukku::store::sqlite {

using WriteGate = std::mutex;

std::shared_ptr<WriteGate> writeGateFor(const std::string& path);

}  // namespace luukku::store::sqlite
