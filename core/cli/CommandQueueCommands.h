#pragma once
// `fleetwatch command types|send|list`: device commands through the database's queue
// (storage/CommandQueueTable). `send` queues a command for whichever node holds the device's
// connection and, with --wait, follows it until the node records the outcome; `types` lists
// what a device's model can be sent (commands/CommandCatalog); `list` shows queue and history.

#include <QStringList>
#include <QTextStream>

namespace fw::cli {

int runCommand(const QStringList &args, QTextStream &out, QTextStream &err);

} // namespace fw::cli
