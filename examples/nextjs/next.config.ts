import type { NextConfig } from 'next';

// A static export (out/), served by any static file server.
const nextConfig: NextConfig = { output: 'export' };

export default nextConfig;
