using SkiaSharp;

namespace SocialFusion.Data.Demo;

/// <summary>Drawing routines for each location's typical layout and for unrelated images.</summary>
internal static class SceneLibrary
{
    public static void Location(SKCanvas c, string loc, int w, int h, SKPaint p, Func<SKColor> P, DemoRandom r)
    {
        void Rect(float x, float y, float rw, float rh, SKColor col) { p.Color = col; p.Style = SKPaintStyle.Fill; c.DrawRect(x, y, rw, rh, p); }
        void Oval(float x, float y, float rx, float ry, SKColor col) { p.Color = col; p.Style = SKPaintStyle.Fill; c.DrawOval(x, y, rx, ry, p); }
        void Line(float x0, float y0, float x1, float y1, SKColor col, float sw) { p.Color = col; p.StrokeWidth = sw; p.Style = SKPaintStyle.Stroke; c.DrawLine(x0, y0, x1, y1, p); }
        float horizon = h * r.Range(0.35f, 0.65f);
        switch (loc)
        {
            case DemoLocations.Home:
                Rect(0, horizon, w, h - horizon, P());                                   // floor
                Rect(w * r.Range(0.05f, 0.5f), h * 0.1f, w * 0.3f, h * 0.3f, P());        // window
                { float sx = w * r.Range(0.05f, 0.4f), sy = horizon - h * 0.1f; Rect(sx, sy, w * 0.5f, h * 0.2f, P()); Rect(sx, sy - h * 0.1f, w * 0.5f, h * 0.1f, P()); } // sofa
                { float lx = w * r.Range(0.7f, 0.9f); Line(lx, horizon, lx, h * 0.3f, P(), 2); Oval(lx, h * 0.28f, w * 0.06f, h * 0.04f, new SKColor(250, 230, 150)); } // lamp
                break;
            case DemoLocations.School:
                Rect(w * 0.1f, h * 0.08f, w * 0.8f, h * 0.3f, r.Chance(0.5) ? new SKColor(30, 70, 40) : new SKColor(235, 235, 235)); // board
                for (int i = 0; i < 5; i++) Line(w * 0.15f, h * (0.12f + i * 0.05f), w * r.Range(0.4f, 0.8f), h * (0.12f + i * 0.05f), P(), 1);
                for (int row = 0; row < 3; row++)
                    for (int col = 0; col < 4; col++)
                        Rect(w * (0.05f + col * 0.24f), h * (0.5f + row * 0.15f), w * 0.18f, h * 0.06f, P()); // desks
                break;
            case DemoLocations.Workplace:
                Rect(0, horizon, w, h - horizon, P());
                for (int i = 0, n = r.Next(1, 4); i < n; i++)
                {
                    float mx = w * (0.1f + i * 0.3f);
                    Rect(mx, horizon - h * 0.25f, w * 0.22f, h * 0.18f, new SKColor(20, 20, 25));      // monitor
                    Rect(mx + 3, horizon - h * 0.25f + 3, w * 0.22f - 6, h * 0.18f - 6, P());             // screen
                    Rect(mx + w * 0.1f, horizon - h * 0.07f, w * 0.02f, h * 0.07f, new SKColor(40, 40, 40));
                }
                break;
            case DemoLocations.Restaurant:
                for (int i = 0, n = r.Next(2, 5); i < n; i++)
                {
                    float tx = r.Range(0.1f, 0.8f) * w, ty = r.Range(0.3f, 0.8f) * h;
                    Oval(tx, ty, w * 0.18f, h * 0.08f, P());                                            // table
                    Oval(tx - w * 0.06f, ty, w * 0.04f, h * 0.025f, new SKColor(245, 245, 245));        // plates
                    Oval(tx + w * 0.06f, ty, w * 0.04f, h * 0.025f, new SKColor(245, 245, 245));
                }
                break;
            case DemoLocations.Gym:
                Rect(0, horizon, w, h - horizon, P());
                for (int i = 0, n = r.Next(2, 5); i < n; i++) Rect(w * r.Range(0, 0.8f), horizon + h * r.Range(0.05f, 0.3f), w * 0.25f, h * 0.05f, P()); // mats
                for (int i = 0, n = r.Next(1, 3); i < n; i++)
                {
                    float by = h * r.Range(0.2f, 0.5f), bx = w * r.Range(0.1f, 0.4f);
                    Line(bx, by, bx + w * 0.5f, by, new SKColor(150, 150, 160), 3);                     // bar
                    Rect(bx - 4, by - h * 0.08f, 8, h * 0.16f, new SKColor(30, 30, 30));                // plates
                    Rect(bx + w * 0.5f - 4, by - h * 0.08f, 8, h * 0.16f, new SKColor(30, 30, 30));
                }
                Line(w * 0.9f, h * 0.1f, w * 0.9f, horizon, P(), 4);                                    // rack
                break;
            case DemoLocations.Park:
                Rect(0, 0, w, horizon, Sky(r)); Rect(0, horizon, w, h - horizon, SceneRenderer.Jitter(new SKColor(70, 140, 60), r));
                for (int i = 0, n = r.Next(1, 5); i < n; i++)
                {
                    float tx = w * r.Range(0, 1), sz = r.Range(0.08f, 0.2f) * w;
                    Rect(tx - 3, horizon - sz, 6, sz * 1.2f, new SKColor(90, 60, 30));
                    Oval(tx, horizon - sz * 1.2f, sz * 0.6f, sz * 0.6f, SceneRenderer.Jitter(new SKColor(40, 110, 50), r));
                }
                break;
            case DemoLocations.Shopping:
                for (int row = 0, n = r.Next(3, 6); row < n; row++)
                {
                    float y = h * (0.1f + row * 0.8f / n);
                    Rect(0, y + h * 0.1f, w, 3, new SKColor(120, 120, 120));                            // shelf
                    for (float x = 2; x < w; x += r.Range(6, 14)) Rect(x, y + h * 0.02f, r.Range(4, 9), h * 0.08f, P()); // goods
                }
                if (r.Chance(0.5)) Rect(w * 0.6f, h * 0.55f, w * 0.2f, h * 0.3f, P());                   // bag
                break;
            case DemoLocations.Transit:
                Rect(0, horizon, w, h - horizon, P());
                Line(0, h * 0.85f, w, h * 0.75f, new SKColor(110, 110, 110), 3);                           // rails
                Line(0, h * 0.95f, w, h * 0.85f, new SKColor(110, 110, 110), 3);
                for (int i = 0, n = r.Next(2, 5); i < n; i++)                                            // windows
                    Rect(w * (0.05f + i * 0.22f), h * 0.15f, w * 0.18f, horizon - h * 0.2f, Sky(r));
                Rect(0, horizon - 4, w, 4, new SKColor(230, 200, 40));                                    // platform edge
                break;
            case DemoLocations.Beach:
                Rect(0, 0, w, horizon * 0.7f, Sky(r)); Rect(0, horizon * 0.7f, w, horizon * 0.3f, SceneRenderer.Jitter(new SKColor(40, 100, 170), r));
                Rect(0, horizon, w, h - horizon, SceneRenderer.Jitter(new SKColor(220, 200, 150), r));
                if (r.Chance(0.6)) Oval(w * r.Range(0.2f, 0.8f), horizon + h * 0.2f, w * 0.15f, h * 0.05f, P()); // towel/umbrella
                break;
            default: // cafe
                Rect(0, horizon, w, h - horizon, P());
                Rect(w * 0.05f, h * 0.05f, w * 0.9f, h * 0.15f, new SKColor(30, 30, 30));                // menu board
                for (int i = 0, n = r.Next(1, 4); i < n; i++)
                {
                    float cx = w * r.Range(0.2f, 0.8f), cy = horizon + h * r.Range(0.1f, 0.3f);
                    Oval(cx, cy, w * 0.07f, h * 0.05f, new SKColor(245, 245, 240));                       // cup
                    Oval(cx, cy, w * 0.05f, h * 0.035f, new SKColor(110, 70, 40));                        // coffee
                }
                break;
        }
        // Clutter shared by all scenes so object count alone is not a give-away.
        for (int i = 0, n = r.Next(0, 5); i < n; i++) Rect(w * r.Range(0, 1), h * r.Range(0, 1), w * r.Range(0.02f, 0.1f), h * r.Range(0.02f, 0.1f), P());
    }

    public static void Unrelated(SKCanvas c, string kind, int w, int h, SKPaint p, Func<SKColor> P, DemoRandom r, string sentiment)
    {
        p.Style = SKPaintStyle.Fill;
        switch (kind)
        {
            case "selfie":
                p.Color = SceneRenderer.Jitter(new SKColor(225, 180, 150), r); c.DrawOval(w / 2f, h / 2f, w * 0.25f, h * 0.32f, p);
                p.Color = new SKColor(30, 30, 30); c.DrawCircle(w * 0.42f, h * 0.43f, w * 0.03f, p); c.DrawCircle(w * 0.58f, h * 0.43f, w * 0.03f, p);
                p.Style = SKPaintStyle.Stroke; p.StrokeWidth = 2;
                using (var mouth = new SKPath())
                {
                    float bend = sentiment switch { "positive" => 0.08f, "negative" => -0.06f, _ => 0f };
                    mouth.MoveTo(w * 0.42f, h * 0.6f); mouth.QuadTo(w * 0.5f, h * (0.6f + bend), w * 0.58f, h * 0.6f);
                    c.DrawPath(mouth, p);
                }
                break;
            case "meme":
                p.Color = new SKColor(255, 255, 255); c.DrawRect(0, 0, w, h * 0.2f, p);
                p.Color = P(); c.DrawRect(w * 0.1f, h * 0.25f, w * 0.8f, h * 0.65f, p);
                using (var font = new SKFont(SKTypeface.Default, h * 0.1f))
                {
                    p.Color = SKColors.Black;
                    c.DrawText(r.Pick(["WHEN YOU", "ME AT 3AM", "NOBODY:", "POV:"]), w * 0.05f, h * 0.14f, font, p);
                }
                break;
            case "food":
                p.Color = new SKColor(245, 245, 245); c.DrawCircle(w / 2f, h / 2f, Math.Min(w, h) * 0.42f, p);
                for (int i = 0; i < r.Next(3, 9); i++) { p.Color = P(); c.DrawCircle(w * r.Range(0.3f, 0.7f), h * r.Range(0.3f, 0.7f), Math.Min(w, h) * r.Range(0.05f, 0.15f), p); }
                break;
            case "pet":
                p.Color = P(); c.DrawOval(w / 2f, h * 0.6f, w * 0.3f, h * 0.2f, p); c.DrawCircle(w * 0.35f, h * 0.4f, w * 0.13f, p);
                c.DrawOval(w * 0.28f, h * 0.28f, w * 0.04f, h * 0.07f, p); c.DrawOval(w * 0.42f, h * 0.28f, w * 0.04f, h * 0.07f, p);
                p.Color = SKColors.Black; c.DrawCircle(w * 0.31f, h * 0.38f, 2, p); c.DrawCircle(w * 0.39f, h * 0.38f, 2, p);
                break;
            default: // screenshot
                p.Color = new SKColor(250, 250, 250); c.DrawRect(0, 0, w, h, p);
                p.Color = P(); c.DrawRect(0, 0, w, h * 0.08f, p);
                for (float y = h * 0.12f; y < h; y += h * 0.06f) { p.Color = new SKColor(170, 170, 170); c.DrawRect(w * 0.05f, y, w * r.Range(0.3f, 0.9f), h * 0.02f, p); }
                break;
        }
    }

    private static SKColor Sky(DemoRandom r) => SceneRenderer.Jitter(r.Pick([new SKColor(130, 180, 230), new SKColor(200, 200, 210), new SKColor(250, 170, 120)]), r);
}
