# One module called for 40 tenants: a size written once in the module is wrong for all of
# them, and the finding lists a few of the 40 jobs and how many more.

locals {
  tenants = toset([
    "tenant-01-export",
    "tenant-02-export",
    "tenant-03-export",
    "tenant-04-export",
    "tenant-05-export",
    "tenant-06-export",
    "tenant-07-export",
    "tenant-08-export",
    "tenant-09-export",
    "tenant-10-export",
    "tenant-11-export",
    "tenant-12-export",
    "tenant-13-export",
    "tenant-14-export",
    "tenant-15-export",
    "tenant-16-export",
    "tenant-17-export",
    "tenant-18-export",
    "tenant-19-export",
    "tenant-20-export",
    "tenant-21-export",
    "tenant-22-export",
    "tenant-23-export",
    "tenant-24-export",
    "tenant-25-export",
    "tenant-26-export",
    "tenant-27-export",
    "tenant-28-export",
    "tenant-29-export",
    "tenant-30-export",
    "tenant-31-export",
    "tenant-32-export",
    "tenant-33-export",
    "tenant-34-export",
    "tenant-35-export",
    "tenant-36-export",
    "tenant-37-export",
    "tenant-38-export",
    "tenant-39-export",
    "tenant-40-export",
  ])
}

module "export" {
  for_each   = local.tenants
  source     = "./modules/scheduled-job"
  name       = each.key
  schedule   = "cron(15 2 * * ? *)"
  subnet_ids = ["subnet-0a1b2c3d4e5f60718"]
}
