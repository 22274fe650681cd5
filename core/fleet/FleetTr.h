#pragma once
// FleetTr: the one translation context of the fleet library ("fw::fleet"). Texts of this
// library that reach the operator go through FleetTr::tr(), so lupdate files them together and
// a class moving inside the library keeps its translations.

#include <QCoreApplication>

namespace fw {

struct FleetTr
{
    Q_DECLARE_TR_FUNCTIONS(fw::fleet)
};

} // namespace fw
