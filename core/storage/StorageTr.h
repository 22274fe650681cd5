#pragma once
// StorageTr: the one translation context of the storage library ("fw::storage"). Texts of this
// library that reach the operator go through StorageTr::tr(), so lupdate files them together and
// a class moving inside the library keeps its translations.

#include <QCoreApplication>

namespace fw {

struct StorageTr
{
    Q_DECLARE_TR_FUNCTIONS(fw::storage)
};

} // namespace fw
