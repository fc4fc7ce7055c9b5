/**
 * Which instance families each region of AWS_REGION_AZS offers. Source: EC2 DescribeInstanceTypeOfferings
 * (location type region) as recorded in moto's moto/ec2/resources/instance_type_offerings/region/<region>.json
 * (github.com/getmoto/moto), read at commit 0af643a5 on 2026-11-28; each row's date is when moto last refreshed that
 * region's file. Family level only: a family offered in a region is taken to offer the sizes the API names for it.
 * A region this table lacks is not checked for offerings (say so in a review when adding one).
 */
export const INSTANCE_OFFERINGS_SOURCE = 'EC2 DescribeInstanceTypeOfferings as recorded by getmoto/moto at commit 0af643a5 (read 2026-11-28)';

/** Per region: the date its offerings were recorded, and the instance families it offers (space-separated). */
export const REGION_INSTANCE_FAMILIES: Readonly<Record<string, { readonly recordedOn: string; readonly families: string }>> = {
  'eu-west-2': {
    recordedOn: '2026-08-01',
    families: 'c4 c5 c5a c5d c5n c6a c6g c6gd c6gn c6i c6id c6in c7a c7g c7gd c7i c7i-flex c8g c8gd c8gn c8i c8i-flex d2 d3 f2 g4ad g4dn g5 g6 g6f g7e gr6 gr6f i3 i3en i4i i7i i7ie i8g i8ge im4gn inf1 inf2 is4gen m4 m5 m5a m5ad m5d m6a m6g m6gd m6i m6id m6idn m6in m7a m7g m7i m7i-flex m8g m8gd m8i m8i-flex m8id mac1 p4d p5 p5e r4 r5 r5a r5ad r5b r5d r5n r6a r6g r6gd r6i r6id r7g r7gd r7i r8g r8gd r8i r8i-flex r8id t2 t3 t3a t4g u-6tb1 u7i-6tb u7i-8tb u7in-16tb x1 x2idn x2iedn z1d',
  },
  'eu-central-1': {
    recordedOn: '2026-08-01',
    families: 'a1 c3 c4 c5 c5a c5ad c5d c5n c6a c6g c6gd c6gn c6i c6id c6in c7a c7g c7gd c7i c7i-flex c8a c8g c8gd c8gn c8i c8i-flex c8id c8in c8ine c9g c9gd d2 d3 d3en dl2q f2 g4ad g4dn g5 g5g g6 g6e g6f g7e gr6 gr6f i2 i3 i3en i4i i7i i7ie i8g i8ge im4gn inf1 inf2 is4gen m3 m4 m5 m5a m5ad m5d m5dn m5n m5zn m6a m6g m6gd m6i m6id m6idn m6in m7a m7g m7gd m7i m7i-flex m8a m8azn m8g m8gd m8i m8i-flex m8id m9g m9gd mac-m4 mac1 mac2-m2 p4d p4de r3 r4 r5 r5a r5ad r5b r5d r5dn r5n r6a r6g r6gd r6i r6id r6idn r6in r7a r7g r7gd r7i r7iz r8a r8g r8gd r8i r8i-flex r8ib r8id r8idb r8idn r8in t2 t3 t3a t4g u-3tb1 u-6tb1 u7i-12tb u7i-6tb u7i-8tb u7in-16tb u7in-24tb x1 x1e x2idn x2iedn x8g x8i z1d',
  },
  'eu-west-1': {
    recordedOn: '2026-08-01',
    families: 'a1 c1 c3 c4 c5 c5a c5ad c5d c5n c6a c6g c6gd c6gn c6i c6id c6in c7a c7g c7gd c7gn c7i c7i-flex c8a c8g c8gd c8gn c8i c8i-flex c8in d2 d3 d3en g4ad g4dn g5 h1 hpc7a hpc7g i2 i3 i3en i4g i4i i7i i7ie i8g i8ge im4gn inf1 inf2 is4gen m1 m2 m3 m4 m5 m5a m5ad m5d m5dn m5n m5zn m6a m6g m6gd m6i m6id m6idn m6in m7a m7g m7gd m7i m7i-flex m8a m8azn m8g m8gb m8gd m8gn m8i m8i-flex m8ib m8id m8idb m8idn m8in mac-m4 mac1 mac2 p3dn p4d r3 r4 r5 r5a r5ad r5b r5d r5dn r5n r6a r6g r6gd r6i r6id r6idn r6in r7a r7g r7gd r7i r7iz r8a r8g r8gd r8i r8i-flex r8ib r8idb r8idn r8in t1 t2 t3 t3a t4g u-3tb1 u-6tb1 u7i-12tb u7i-6tb u7i-8tb u7in-16tb u7in-24tb vt1 x1 x1e x2gd x2idn x2iedn x2iezn x8aedz x8g x8i z1d',
  },
  'eu-west-3': {
    recordedOn: '2026-08-01',
    families: 'c5 c5a c5d c5n c6g c6gd c6gn c6i c6id c6in c7g c7gd c7i c7i-flex c8g c8i c8i-flex d2 d3 g4dn g5 g6 gr6 hpc6id hpc7a i3 i3en i4i i7i i7ie i8ge im4gn inf1 inf2 is4gen m5 m5a m5ad m5d m6a m6g m6gd m6i m7g m7gd m7i m7i-flex m8g m8gd m8i m8i-flex r4 r5 r5a r5ad r5d r5dn r5n r6g r6gd r6i r6idn r6in r7g r7gd r7i r8g r8gd r8i r8i-flex t2 t3 t3a t4g u-3tb1 u-6tb1 u7i-12tb u7i-6tb u7i-8tb u7in-16tb u7in-24tb x1 x2idn x2iedn x8i',
  },
  'eu-north-1': {
    recordedOn: '2026-08-01',
    families: 'c5 c5a c5d c5n c6g c6gd c6gn c6i c6in c7a c7g c7gd c7i c7i-flex c8g c8gn c8i c8id d2 g4dn g5 g6 g6e g6f g7e gr6 gr6f hpc6a hpc6id hpc7a hpc8a i3 i3en i4i i7i i7ie i8g i8ge inf1 inf2 m5 m5d m6g m6gd m6i m6idn m6in m7a m7g m7gd m7i m7i-flex m8g m8id mac1 p4d p5 p5e p5en r5 r5b r5d r5dn r5n r6g r6gd r6i r6idn r6in r7a r7g r7gd r7i r8g r8gd r8i r8i-flex t3 t4g u-6tb1 u7i-12tb u7i-6tb u7i-8tb u7in-24tb x2idn x2iedn x8aedz x8g x8i',
  },
  'us-east-1': {
    recordedOn: '2026-08-01',
    families: 'a1 c1 c3 c4 c5 c5a c5ad c5d c5n c6a c6g c6gd c6gn c6i c6id c6in c7a c7g c7gd c7gn c7i c7i-flex c8a c8g c8gb c8gd c8gn c8i c8i-flex c8ib c8id c8in c8ine c9g c9gd d2 d3 d3en f2 g4ad g4dn g5 g5g g6 g6e g6f g7 g7e gr6 gr6f h1 hpc7g i2 i3 i3en i4g i4i i7i i7ie i8g i8ge im4gn inf1 inf2 is4gen m1 m2 m3 m4 m5 m5a m5ad m5d m5dn m5n m5zn m6a m6g m6gd m6i m6id m6idn m6in m7a m7g m7gd m7i m7i-flex m8a m8azn m8g m8gb m8gd m8gn m8i m8i-flex m8ib m8id m8idb m8idn m8in m8ine m9g m9gd mac-m3ultra mac-m4 mac-m4max mac-m4pro mac1 mac2 mac2-m1ultra mac2-m2 mac2-m2pro p3dn p4d p4de p5 p5en p6-b200 p6-b300 r3 r4 r5 r5a r5ad r5b r5d r5dn r5n r6a r6g r6gd r6i r6id r6idn r6in r7a r7g r7gd r7i r7iz r8a r8g r8gb r8gd r8gn r8i r8i-flex r8ib r8id r8idb r8idn r8in t1 t2 t3 t3a t4g trn1 trn1n u-3tb1 u-6tb1 u7i-12tb u7i-6tb u7i-8tb u7in-16tb u7in-24tb u7in-32tb vt1 x1 x1e x2gd x2idn x2iedn x2iezn x8g x8i z1d',
  },
  'us-east-2': {
    recordedOn: '2026-08-01',
    families: 'a1 c4 c5 c5a c5ad c5d c5n c6a c6g c6gd c6gn c6i c6id c6in c7a c7g c7gd c7gn c7i c7i-flex c8a c8g c8gd c8gn c8i c8i-flex c8id c8in c9g c9gd d2 d3 g4ad g4dn g5 g6 g6e g6f g7 g7e gr6 gr6f h1 hpc6a hpc6id hpc7a hpc8a i2 i3 i3en i4g i4i i7i i7ie i8g i8ge im4gn inf1 inf2 is4gen m4 m5 m5a m5ad m5d m5dn m5n m5zn m6a m6g m6gd m6i m6id m6idn m6in m7a m7g m7gd m7i m7i-flex m8a m8azn m8g m8gd m8i m8i-flex m8ib m8id m8idb m8idn m8in m9g m9gd mac-m4 mac-m4pro mac1 mac2 mac2-m2 mac2-m2pro p4d p5 p5e p5en p6-b200 r3 r4 r5 r5a r5ad r5b r5d r5dn r5n r6a r6g r6gd r6i r6id r6idn r6in r7a r7g r7gd r7i r7iz r8a r8g r8gd r8i r8i-flex r8ib r8id r8idb r8idn r8in t2 t3 t3a t4g trn1 trn1n trn2 u-3tb1 u-6tb1 u7i-12tb u7i-6tb u7i-8tb u7in-16tb u7in-24tb x1 x1e x2gd x2idn x2iedn x8g x8i z1d',
  },
  'us-west-2': {
    recordedOn: '2026-08-01',
    families: 'a1 c1 c3 c4 c5 c5a c5ad c5d c5n c6a c6g c6gd c6gn c6i c6id c6in c7a c7g c7gd c7gn c7i c7i-flex c8a c8g c8gb c8gd c8gn c8i c8i-flex c8ib c8id c8in c8ine c9g c9gd d2 d3 d3en dl2q f2 g4ad g4dn g5 g5g g6 g6e g6f g7 g7e gr6 gr6f h1 i2 i3 i3en i4g i4i i7i i7ie i8g i8ge im4gn inf1 inf2 is4gen m1 m2 m3 m4 m5 m5a m5ad m5d m5dn m5n m5zn m6a m6g m6gd m6i m6id m6idn m6in m7a m7g m7gd m7i m7i-flex m8a m8azn m8g m8gb m8gd m8gn m8i m8i-flex m8ib m8id m8idb m8idn m8in m8ine m9g m9gd mac-m3ultra mac-m4 mac-m4max mac-m4pro mac1 mac2 mac2-m1ultra mac2-m2 mac2-m2pro p3dn p4d p4de p5 p5e p5en p6-b200 p6-b300 r3 r4 r5 r5a r5ad r5b r5d r5dn r5n r6a r6g r6gd r6i r6id r6idn r6in r7a r7g r7gd r7i r7iz r8a r8g r8gb r8gd r8gn r8i r8i-flex r8ib r8id r8idb r8idn r8in t1 t2 t3 t3a t4g trn1 trn1n u-3tb1 u-6tb1 u7i-12tb u7i-6tb u7i-8tb u7in-16tb u7in-24tb u7in-32tb vt1 x1 x1e x2gd x2idn x2iedn x2iezn x8aedz x8g x8i z1d',
  },
  'ca-central-1': {
    recordedOn: '2026-08-01',
    families: 'c4 c5 c5a c5d c5n c6a c6g c6gd c6gn c6i c6id c6in c7g c7gd c7i c7i-flex c8g c8gd c8gn c8i c8i-flex d2 d3 f2 g4ad g4dn g5 g6 g6f gr6 gr6f i3 i3en i4g i4i i7i i7ie i8g i8ge im4gn inf1 is4gen m4 m5 m5a m5ad m5d m6a m6g m6gd m6i m6id m6idn m6in m7g m7i m7i-flex m8g m8gd m8i m8i-flex mac2-m2 p4d p5 r4 r5 r5a r5ad r5b r5d r5n r6a r6g r6gd r6i r6idn r6in r7g r7i r8g r8gd r8i r8i-flex t2 t3 t3a t4g u-3tb1 u-6tb1 u7i-6tb x1 x1e x2idn x2iedn',
  },
  'af-south-1': {
    recordedOn: '2026-08-01',
    families: 'c5 c5a c5ad c5d c5n c6g c6gd c6i c6in c7g c7i c7i-flex c8g c8gn c8i c8i-flex d2 g4dn i3 i3en i4i i7i i7ie inf1 m5 m5d m6g m6gd m6i m7g m7i m8g m8i m8i-flex r5 r5d r5dn r5n r6g r6gd r6i r6id r7g r7gd r8g r8gd r8i r8i-flex t3 t4g u-6tb1 x1 x1e x2idn x2iedn',
  },
  'ap-southeast-2': {
    recordedOn: '2026-07-01',
    families: 'a1 c1 c3 c4 c5 c5a c5ad c5d c5n c6a c6g c6gd c6gn c6i c6id c6in c7g c7gd c7i c7i-flex c8g c8gd c8gn c8i c8i-flex c8in d2 d3 d3en f2 g4dn g5 g6 g6f gr6 gr6f hpc6a i2 i3 i3en i4g i4i i7i i7ie i8g i8ge im4gn inf1 inf2 is4gen m1 m2 m3 m4 m5 m5a m5ad m5d m5zn m6a m6g m6gd m6i m6id m6idn m6in m7a m7g m7gd m7i m7i-flex m8g m8gd m8i m8i-flex mac-m4 mac1 mac2-m2 mac2-m2pro p4d p5 p5e r3 r4 r5 r5a r5ad r5b r5d r5dn r5n r6a r6g r6gd r6i r6id r6idn r6in r7g r7gd r7i r8g r8gd r8i r8i-flex t1 t2 t3 t3a t4g trn1 u-3tb1 u-6tb1 u7i-12tb u7i-6tb u7in-16tb x1 x1e x2idn x2iedn x8g x8i z1d',
  },
  'ap-southeast-1': {
    recordedOn: '2026-08-01',
    families: 'a1 c1 c3 c4 c5 c5a c5ad c5d c5n c6a c6g c6gd c6gn c6i c6id c6in c7a c7g c7gd c7i c7i-flex c8g c8gn c8i c8i-flex c8in d2 d3 d3en g4dn g5g hpc6a i2 i3 i3en i4g i4i i7i i7ie i8g i8ge im4gn inf1 inf2 is4gen m1 m2 m3 m4 m5 m5a m5ad m5d m5dn m5n m5zn m6a m6g m6gd m6i m6id m6idn m6in m7g m7gd m7i m7i-flex m8g m8i m8i-flex mac1 mac2 p4de r3 r4 r5 r5a r5ad r5b r5d r5dn r5n r6a r6g r6gd r6i r6id r6idn r6in r7g r7gd r7i r8g r8gd r8i r8i-flex t1 t2 t3 t3a t4g u-3tb1 u-6tb1 u7i-12tb u7i-6tb u7i-8tb u7in-16tb x1 x1e x2idn x2iedn x8i z1d',
  },
  'me-south-1': {
    recordedOn: '2025-10-12',
    families: 'c5 c5a c5ad c5d c5n c6g c6gn c6i c6in c7g d2 g4dn i3 i3en i4i inf1 m5 m5d m6g m6gd m6i m7g m8g r5 r5d r6g r6i r7g t3 t4g x2idn',
  },
};

/** The families a region offers, or undefined where the table does not record the region. */
export function familiesOfferedIn(regionCode: string): ReadonlySet<string> | undefined {
  const row = REGION_INSTANCE_FAMILIES[regionCode];
  return row ? new Set(row.families.split(' ')) : undefined;
}
