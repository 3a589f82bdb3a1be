/**
 * GAN Studio's Next.js configuration.
 *
 * Cross-origin isolation (COOP + COEP) makes SharedArrayBuffer available, which tfjs-backend-wasm needs for its
 * threaded build; every asset the app loads is served from its own origin, so `require-corp` costs nothing.
 * @type {import('next').NextConfig}
 */
const nextConfig = {
  reactStrictMode: true,
  // `npm test` type-checks the whole repo with tsc before it builds; checking again inside the build costs a minute
  // on 2 cores and adds nothing.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
          { key: 'Cross-Origin-Embedder-Policy', value: 'require-corp' },
        ],
      },
    ];
  },
};

export default nextConfig;
