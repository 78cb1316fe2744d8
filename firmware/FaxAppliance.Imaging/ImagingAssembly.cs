namespace FaxAppliance.Imaging;

/// <summary>Fax page images: T.4/T.6 coding and TIFF-F files (the T.30 issue).</summary>
internal static class ImagingAssembly
{
}
