#pragma once
// GeoTr: the one translation context of the geo library ("fw::geo"). Texts of this library that
// reach the operator (import and validation errors) go through GeoTr::tr().

#include <QCoreApplication>

namespace fw {

struct GeoTr
{
    Q_DECLARE_TR_FUNCTIONS(fw::geo)
};

} // namespace fw
