#pragma once
// The subcommands of a shared deployment (one PostgreSQL database, many nodes and desktops):
// `watch` follows the changes the nodes commit, one line each, the way a connected window does
// (a thin wrapper around remote/ChangeFollower); `nodes` lists the ingest nodes and whether
// they are alive (storage/NodeTable).

#include <QStringList>
#include <QTextStream>

namespace fw::cli {

int runWatch(const QStringList &args, QTextStream &out, QTextStream &err);
int runNodes(const QStringList &args, QTextStream &out, QTextStream &err);

} // namespace fw::cli
