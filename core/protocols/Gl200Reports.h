#pragma once
// Queclink text reports whose fields sit at fixed places that depend on the report type and
// the model (told by the first digits of the protocol version): GTINF status, GTCAN vehicle
// bus data, GTVER versions, GTERI/GTFRI tails (battery level, device status, fuel, 1-Wire
// temperatures), accessory reports (GTBAA/GTBID), GTDAR, GTDTT and GTDAT. Gl200Decoder finds
// the points by their shape; these read what lies around them. Bad fields are skipped.

#include "domain/Attributes.h"

#include <QStringList>

namespace fw::gl200 {

// The model a protocol version stands for ("27xxxx" = GV300W, "802005xxxx" = GV355CEU, ...),
// upper case; empty when unknown.
QString modelFromVersion(const QString &version);

// Reports without points.
void decodeInf(const QStringList &f, const QString &model, Attributes &a);
void decodeCan(const QStringList &f, const QString &model, Attributes &a);
void decodeVer(const QStringList &f, Attributes &a);
void decodeDtt(const QStringList &f, Attributes &a);

// What follows (or precedes) the points of one report; `a` belongs to its last point.
// `firstTimeAt`/`lastTimeAt` are the indexes of the first and last point's time field.
void decodeEri(const QStringList &f, const QString &model, Attributes &a);
void decodeFri(const QStringList &f, qsizetype firstTimeAt, qsizetype lastTimeAt, Attributes &a);
void decodeBasic(const QStringList &f, Attributes &a);
void decodeAccessory(const QString &type, const QStringList &f, Attributes &a);
void decodeDar(const QStringList &f, Attributes &a);
void decodeDat(const QStringList &f, Attributes &a);

// The six hex digit device status: ignition, inputs and outputs.
void decodeDeviceStatus(quint32 value, Attributes &a);

} // namespace fw::gl200
